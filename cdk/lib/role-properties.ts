// Typed CDK props → the resource properties users write in templates (names
// from `Prop`), plus the synth-time check through the engine's own parser.

import { Duration, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Prop, UserIsolationProp, type PersonaId, type PropName } from '../../src/policy-engine/names';
import type { ActivityId } from '../../src/policy-engine/catalog';
import { TokenPlaceholders, type ValueKind } from './token-placeholders';

/** ABAC: per-user resources in one shared role (see the UserIsolation property). */
export interface UserIsolationOptions {
  /**
   * The one SageMaker domain whose users share the role (or whose user owns it), e.g. `domain.attrDomainId`.
   * Required: a user profile name is unique only within its domain, so every per-user prefix and owner check names it.
   */
  readonly domainId: string;
  /**
   * S3 key prefix under which each user gets `${prefix}/${domainId}/${aws:SourceIdentity}/`. Only with an activity
   * that grants S3 data (S3BucketAccess, AccessRequiredAwsServices).
   */
  readonly s3Prefix?: string;
  /** Secrets Manager name prefix under which each user gets `${prefix}/${domainId}/${user}/` secrets. */
  readonly secretsPrefix?: string;
  /**
   * A role of this one Studio user's own (e.g. their compute role, which their jobs run as): prefixes and owner
   * checks name this user instead of the session's source identity, and the role is tagged so that only this user
   * can pass it from a shared isolated role.
   */
  readonly userProfileName?: string;
}

/** Everything a persona role can be configured with, as CDK objects where CDK has them. */
export interface PersonaRoleOptions {
  readonly persona: PersonaId;
  /** Omitted: the persona's default activities. Given: exactly these (catalog order is applied by the engine). */
  readonly activities?: readonly ActivityId[];
  /** Role name `SageMaker-${roleNameSuffix}`; omitted: generated from the stack and logical id. */
  readonly roleNameSuffix?: string;
  readonly path?: string;
  readonly description?: string;
  readonly maxSessionDuration?: Duration;
  /** Compute roles the persona may pass to SageMaker (PassRoles). */
  readonly passRoles?: readonly iam.IRole[];
  readonly s3Buckets?: readonly s3.IBucket[];
  readonly ecrRepositories?: readonly ecr.IRepository[];
  readonly athenaWorkgroups?: readonly string[];
  readonly glueDatabases?: readonly string[];
  /** Kendra index ids. */
  readonly kendraIndexes?: readonly string[];
  /** MLflow tracking server names. */
  readonly mlflowTrackingServers?: readonly string[];
  readonly subnets?: readonly ec2.ISubnet[];
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
  /** Keys for data and output encryption; their key ARNs go into the conditions. */
  readonly dataKeys?: readonly kms.IKey[];
  /** Keys for ML storage volumes; their key ARNs go into the conditions. */
  readonly volumeKeys?: readonly kms.IKey[];
  readonly userIsolation?: UserIsolationOptions;
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
  readonly permissionsBoundary?: iam.IManagedPolicy;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A raw property value: what CloudFormation receives (strings may be tokens). */
export type RawValue = string | number | readonly string[] | Readonly<Record<string, string>> | readonly { Key: string; Value: string }[];
export type RawProperties = Partial<Record<PropName, RawValue>>;

/** The list properties, the CDK object attribute each takes, and how its values look. */
const LIST_PROPS: readonly {
  prop: PropName;
  kind: ValueKind;
  values: (o: PersonaRoleOptions) => readonly string[] | undefined;
}[] = [
  { prop: Prop.PassRoles, kind: 'roleArn', values: (o) => o.passRoles?.map((r) => r.roleArn) },
  { prop: Prop.S3Buckets, kind: 'name', values: (o) => o.s3Buckets?.map((b) => b.bucketName) },
  { prop: Prop.EcrRepositories, kind: 'name', values: (o) => o.ecrRepositories?.map((r) => r.repositoryName) },
  { prop: Prop.AthenaWorkgroups, kind: 'name', values: (o) => o.athenaWorkgroups },
  { prop: Prop.GlueDatabases, kind: 'name', values: (o) => o.glueDatabases },
  { prop: Prop.KendraIndexes, kind: 'kendraIndexId', values: (o) => o.kendraIndexes },
  { prop: Prop.MlflowTrackingServers, kind: 'name', values: (o) => o.mlflowTrackingServers },
  { prop: Prop.VpcSubnetIds, kind: 'subnetId', values: (o) => o.subnets?.map((s) => s.subnetId) },
  { prop: Prop.VpcSecurityGroupIds, kind: 'securityGroupId', values: (o) => o.securityGroups?.map((g) => g.securityGroupId) },
  // Key ARNs, never key ids: KMS condition keys compare ARNs.
  { prop: Prop.DataKmsKeyArns, kind: 'kmsKeyArn', values: (o) => o.dataKeys?.map((k) => k.keyArn) },
  { prop: Prop.VolumeKmsKeyArns, kind: 'kmsKeyArn', values: (o) => o.volumeKeys?.map((k) => k.keyArn) },
  { prop: Prop.ManagedPolicyArns, kind: 'policyArn', values: (o) => o.managedPolicies?.map((p) => p.managedPolicyArn) },
];

/**
 * The resource properties for `options`, keyed exactly as in templates. Empty
 * lists and unset options are left out so the engine applies its defaults.
 */
export function toRawProperties(options: PersonaRoleOptions): RawProperties {
  const raw: RawProperties = { [Prop.Persona]: options.persona };
  if (options.activities !== undefined) raw[Prop.Activities] = [...options.activities];
  if (options.roleNameSuffix !== undefined) raw[Prop.RoleNameSuffix] = options.roleNameSuffix;
  if (options.path !== undefined) raw[Prop.Path] = options.path;
  if (options.description !== undefined) raw[Prop.Description] = options.description;
  if (options.maxSessionDuration !== undefined) raw[Prop.MaxSessionDuration] = options.maxSessionDuration.toSeconds();
  for (const { prop, values } of LIST_PROPS) {
    const list = values(options);
    if (list !== undefined && list.length > 0) raw[prop] = [...list];
  }
  const isolation = options.userIsolation;
  if (isolation !== undefined) {
    const value: Record<string, string> = { [UserIsolationProp.DomainId]: isolation.domainId };
    if (isolation.s3Prefix !== undefined) value[UserIsolationProp.S3Prefix] = isolation.s3Prefix;
    if (isolation.secretsPrefix !== undefined) value[UserIsolationProp.SecretsPrefix] = isolation.secretsPrefix;
    if (isolation.userProfileName !== undefined) value[UserIsolationProp.UserProfileName] = isolation.userProfileName;
    raw[Prop.UserIsolation] = value;
  }
  if (options.permissionsBoundary !== undefined) {
    raw[Prop.PermissionsBoundary] = options.permissionsBoundary.managedPolicyArn;
  }
  if (options.tags !== undefined && Object.keys(options.tags).length > 0) {
    // Sorted so the template does not depend on the order the tags were written in.
    raw[Prop.Tags] = Object.keys(options.tags)
      .sort()
      .map((Key) => ({ Key, Value: (options.tags as Record<string, string>)[Key] }));
  }
  return raw;
}

const SCALAR_KINDS: Partial<Record<PropName, ValueKind>> = {
  [Prop.RoleNameSuffix]: 'name',
  [Prop.Path]: 'path',
  [Prop.Description]: 'name',
  [Prop.PermissionsBoundary]: 'policyArn',
};

/**
 * A copy of `raw` in which every token is a placeholder valid for its property,
 * so the engine can check everything that is concrete at synth time.
 */
export function withPlaceholders(raw: RawProperties, placeholders: TokenPlaceholders): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const { prop, kind } of LIST_PROPS) {
    const list = raw[prop];
    if (Array.isArray(list)) out[prop] = list.map((v: string) => placeholders.stand(v, kind));
  }
  for (const [prop, kind] of Object.entries(SCALAR_KINDS)) {
    const value = raw[prop as PropName];
    if (typeof value === 'string') out[prop] = placeholders.stand(value, kind);
  }
  const duration = raw[Prop.MaxSessionDuration];
  if (typeof duration === 'number' && Token.isUnresolved(duration)) {
    // A token duration is checked by the provider at deploy time; any valid value stands in.
    out[Prop.MaxSessionDuration] = 3600;
  }
  const isolation = raw[Prop.UserIsolation];
  if (isolation !== undefined && !Array.isArray(isolation) && typeof isolation === 'object') {
    const entries = Object.entries(isolation as Record<string, string>).map(([k, v]) => [
      k,
      placeholders.stand(v, k === UserIsolationProp.DomainId ? 'domainId' : 'name'),
    ]);
    out[Prop.UserIsolation] = Object.fromEntries(entries);
  }
  const tags = raw[Prop.Tags];
  if (Array.isArray(tags)) {
    out[Prop.Tags] = (tags as readonly { Key: string; Value: string }[]).map((t) => ({
      Key: placeholders.stand(t.Key, 'name'),
      Value: placeholders.stand(t.Value, 'name'),
    }));
  }
  return out;
}
