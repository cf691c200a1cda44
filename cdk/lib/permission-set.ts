// What Activity and Persona share: a set of activities with role-level
// settings, turned into a role (through the custom resource) or into grants on
// an existing identity (through the engine at synth time).

import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Statement } from '../../src/policy-engine/types';
import { acknowledgeWildcardResources } from './acknowledgments';
import { renderAtSynth } from './engine-bridge';
import { SageMakerPersonaRole } from './persona-role';
import { toRawProperties, type PersonaRoleOptions } from './role-properties';

/** VPC customization, as in the seed API. */
export interface VPCOptions {
  readonly subnets?: readonly ec2.ISubnet[];
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
}

/** KMS customization, as in the seed API. Keys go into conditions by key ARN. */
export interface KMSOptions {
  readonly dataKeys?: readonly kms.IKey[];
  readonly volumeKeys?: readonly kms.IKey[];
}

export abstract class PermissionSet extends Construct {
  /** The role-level options this set stands for (persona, activities, parameters, VPC, KMS). */
  abstract roleOptions(): PersonaRoleOptions;

  abstract customizeVPC(subnets?: readonly ec2.ISubnet[], securityGroups?: readonly ec2.ISecurityGroup[]): void;
  abstract customizeKMS(dataKeys?: readonly kms.IKey[], volumeKeys?: readonly kms.IKey[]): void;

  /**
   * Creates the role `SageMaker-${roleNameSuffix}` through Custom::SageMakerPersonaRole.
   * An empty suffix lets the provider generate a name, unique per stack and logical id.
   */
  createRole(scope: Construct, id: string, roleNameSuffix: string, roleDescription?: string): iam.IRole {
    return new SageMakerPersonaRole(scope, id, {
      ...this.roleOptions(),
      roleNameSuffix: roleNameSuffix === '' ? undefined : roleNameSuffix,
      description: roleDescription,
    }).role;
  }

  /** The permission statements the role would get, rendered by the engine at synth time. */
  statements(): Statement[] {
    return renderAtSynth(this, toRawProperties(this.roleOptions()));
  }

  /**
   * Adds the same permission statements a created role would get to the
   * identity's policy (a role, a user, or a resource with a role such as a
   * Lambda function). Only the permissions: trust, boundary and tags belong to
   * a role, which the identity already has.
   *
   * The values are written into the identity's policy at synth time, and no
   * provider checks them at deploy time: a value only CloudFormation will know
   * (a CfnParameter, an import, a condition) is refused, since it could be `*`.
   * Identifiers of resources in the app (a bucket's name, a role's ARN) pass.
   */
  grantPermissionsTo(identity: iam.IGrantable): iam.Grant {
    let grant: iam.Grant | undefined;
    const statements = this.statements();
    if (Construct.isConstruct(identity)) {
      acknowledgeWildcardResources(
        identity,
        statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Resource)),
        'Granted from the SageMaker persona activity catalog: each wildcard stands for resources whose names are ' +
          'chosen at run time and is bounded to this account, region and resource type; "*" is only used for actions ' +
          'that support no resource-level permissions. No value given to the activities can add one: concrete values are ' +
          'checked by the engine (no "*", "?" or "${"), and a value known only at deploy time (a CloudFormation ' +
          'parameter, an import) is refused at synth unless it is an identifier of a resource in this app.',
      );
    }
    for (const s of statements) {
      const actions = asList(s.Action);
      const resources = asList(s.Resource);
      if (s.Effect === 'Allow') {
        const next = iam.Grant.addToPrincipal({ grantee: identity, actions, resourceArns: resources, conditions: s.Condition });
        grant = grant === undefined ? next : grant.combine(next);
      } else {
        // The engine's Deny statements narrow its Allows: they must land on the same principal.
        identity.grantPrincipal.addToPrincipalPolicy(
          new iam.PolicyStatement({ effect: iam.Effect.DENY, actions, resources, conditions: s.Condition }),
        );
      }
    }
    return grant ?? iam.Grant.drop(identity, 'the activities grant no permissions');
  }
}

function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}
