// The seed API's ML persona: several activities in one role. The resource has
// one value per parameter for the whole role, so the activities' settings are
// combined here, and settings that disagree are refused instead of merged:
// merging would hand one activity the buckets, roles or subnets meant for another.

import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { PersonaRoleError } from '../../src/policy-engine/errors';
import type { ActivityId } from '../../src/policy-engine/catalog';
import type { Activity } from './activity';
import { PermissionSet, type KMSOptions, type VPCOptions } from './permission-set';
import { toRawProperties, type PersonaRoleOptions } from './role-properties';

export interface PersonaProps extends VPCOptions, KMSOptions {
  readonly activities: readonly Activity[];
}

/** The list options a role has once, whichever activities use them. */
type SharedList = Exclude<
  {
    [K in keyof PersonaRoleOptions]-?: NonNullable<PersonaRoleOptions[K]> extends readonly unknown[] ? K : never;
  }[keyof PersonaRoleOptions],
  'activities' | 'managedPolicies'
>;

export class Persona extends PermissionSet {
  readonly activities: readonly Activity[];

  constructor(scope: Construct, id: string, props: PersonaProps) {
    super(scope, id);
    if (props.activities.length === 0) {
      throw new PersonaRoleError(`${this.node.path}: a Persona needs at least one activity`);
    }
    const ids = props.activities.map((a) => a.activityId);
    const repeated = ids.find((a, i) => ids.indexOf(a) !== i);
    if (repeated !== undefined) {
      throw new PersonaRoleError(`${this.node.path}: activity ${repeated} is listed twice; list each activity once`);
    }
    this.activities = [...props.activities];
    if (props.subnets !== undefined || props.securityGroups !== undefined) {
      this.customizeVPC(props.subnets, props.securityGroups);
    }
    if (props.dataKeys !== undefined || props.volumeKeys !== undefined) {
      this.customizeKMS(props.dataKeys, props.volumeKeys);
    }
  }

  /** Customizes the VPC of every activity that supports VPC customization. */
  customizeVPC(subnets?: readonly ec2.ISubnet[], securityGroups?: readonly ec2.ISecurityGroup[]): void {
    const supporting = this.activities.filter((a) => a.isCustomizationAvailableForVPC);
    // A restriction that lands nowhere would look like a restriction: refuse it.
    if (supporting.length === 0) throw this.noneSupports('VPC');
    for (const a of supporting) a.customizeVPC(subnets, securityGroups);
  }

  /** Customizes the KMS keys of every activity that supports KMS customization. */
  customizeKMS(dataKeys?: readonly kms.IKey[], volumeKeys?: readonly kms.IKey[]): void {
    const supporting = this.activities.filter((a) => a.isCustomizationAvailableForKMS);
    if (supporting.length === 0) throw this.noneSupports('KMS');
    for (const a of supporting) a.customizeKMS(dataKeys, volumeKeys);
  }

  private noneSupports(kind: 'VPC' | 'KMS'): PersonaRoleError {
    return new PersonaRoleError(
      `${this.node.path}: none of the activities ${this.activities.map((a) => a.activityId).join(', ')} supports ${kind} customization`,
    );
  }

  roleOptions(): PersonaRoleOptions {
    const perActivity = this.activities.map((a) => ({ id: a.activityId, options: a.roleOptions() }));
    const agreed = <K extends SharedList>(key: K): PersonaRoleOptions[K] => this.agreedValue(key, perActivity);
    return {
      persona: 'Custom',
      activities: perActivity.map((a) => a.id),
      passRoles: agreed('passRoles'),
      s3Buckets: agreed('s3Buckets'),
      ecrRepositories: agreed('ecrRepositories'),
      athenaWorkgroups: agreed('athenaWorkgroups'),
      glueDatabases: agreed('glueDatabases'),
      kendraIndexes: agreed('kendraIndexes'),
      mlflowTrackingServers: agreed('mlflowTrackingServers'),
      subnets: agreed('subnets'),
      securityGroups: agreed('securityGroups'),
      dataKeys: agreed('dataKeys'),
      volumeKeys: agreed('volumeKeys'),
    };
  }

  /** The one list the activities that set `key` agree on (compared by the value sent to the provider). */
  private agreedValue<K extends SharedList>(
    key: K,
    perActivity: readonly { id: ActivityId; options: PersonaRoleOptions }[],
  ): PersonaRoleOptions[K] {
    let chosen: { id: ActivityId; list: PersonaRoleOptions[K]; sent: string } | undefined;
    for (const { id, options } of perActivity) {
      const list = options[key];
      if (list === undefined || (list as readonly unknown[]).length === 0) continue;
      const sent = sentValues(options, key);
      if (chosen === undefined) chosen = { id, list, sent };
      else if (chosen.sent !== sent) {
        throw new PersonaRoleError(
          `${this.node.path}: ${key} differs between ${chosen.id} (${chosen.sent}) and ${id} (${sent}); ` +
            `a persona role has one ${key} list for all its activities, so give each activity the same list ` +
            `(or create separate roles) — combining them would grant one activity what was meant for another`,
        );
      }
    }
    return chosen?.list;
  }
}

/** The values as the resource property carries them, sorted: the same set in another order agrees. */
function sentValues(options: PersonaRoleOptions, key: SharedList): string {
  const raw = toRawProperties({ persona: options.persona, [key]: options[key] });
  const values = Object.entries(raw).find(([k]) => k !== 'Persona')?.[1];
  return JSON.stringify(Array.isArray(values) ? [...(values as string[])].sort() : values);
}
