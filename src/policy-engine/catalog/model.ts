// The shape of an ML activity in the catalog. Each activity lives in one file
// under catalog/activities/ and says, in one readable place, what it grants.

import type { ConditionBlock } from '../types';
import type { ArnBuilder } from '../arn';

/** Activity parameters: each is also a resource property of the same name (a list of strings). */
export const PARAMETER_NAMES = [
  'PassRoles',
  'S3Buckets',
  'EcrRepositories',
  'AthenaWorkgroups',
  'GlueDatabases',
  'KendraIndexes',
  'MlflowTrackingServers',
] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** Validated parameter values: role ARNs for PassRoles, plain names for the rest. */
export type ParameterValues = Readonly<Record<ParameterName, readonly string[]>>;

/** UserIsolation as activities see it (validated values only). */
export interface UserIsolationContext {
  /** The role's one SageMaker domain, e.g. `d-abcdef123456`. */
  domainId: string;
  /** The one user of a per-user role (UserIsolation.UserProfileName): named instead of the session's source identity. */
  user?: string;
  /** Validated prefix without leading or trailing slash, e.g. `team-a/users`: S3 data only under `<prefix>/<domain>/<user>/`. */
  s3Prefix?: string;
}

/** What an activity's statements are rendered from. All values are validated before they get here. */
export interface ActivityContext {
  arn: ArnBuilder;
  params: ParameterValues;
  /**
   * Set when UserIsolation is given: ABAC in a role of one SageMaker domain,
   * shared by its Studio users or (with `user`) of one user's own. SageMaker
   * grants check the caller's own resources in this domain; S3 data is
   * limited to per-user prefixes when `s3Prefix` is set.
   */
  userIsolation?: UserIsolationContext;
  /**
   * Set when VpcSubnetIds / VpcSecurityGroupIds are given: the compute role
   * (AccessRequiredAwsServices) creates job ENIs only in these.
   */
  network?: {
    subnetIds: readonly string[];
    securityGroupIds: readonly string[];
  };
  /**
   * Set when DataKmsKeyArns / VolumeKmsKeyArns are given: the compute role
   * needs to use these keys for the data and volumes it encrypts.
   */
  kmsKeys?: {
    dataKeyArns: readonly string[];
    volumeKeyArns: readonly string[];
  };
}

/**
 * One statement an activity grants. The customization flags say which of the
 * role's VPC / KMS / ABAC settings apply to it; the engine adds the conditions.
 * Flags must only be set where every action in `actions` supports the condition
 * key (the catalog tests check this against the IAM action database), because a
 * key that does not apply to an action is absent and the Null check then denies.
 */
export interface StatementSpec {
  actions: readonly string[];
  resources: readonly string[];
  conditions?: ConditionBlock;
  /** Require `sagemaker:VpcSubnets` / `sagemaker:VpcSecurityGroupIds` to be within the role's VPC settings. */
  vpc?: boolean;
  /** Require `sagemaker:VolumeKmsKeyArn` to be one of VolumeKmsKeyArns. */
  volumeKms?: boolean;
  /** Require `sagemaker:OutputKmsKeyArn` to be one of DataKmsKeyArns. */
  outputKms?: boolean;
  /** ABAC: with UserIsolation, only resources tagged with the caller's own user profile. */
  userOwned?: boolean;
  /**
   * ABAC: with UserIsolation, the request must tag the new resource with the
   * caller's own user profile (`aws:RequestTag`), and may set no other
   * `sagemaker:` tag keys than the ones Studio sets, pinned to the caller's own
   * domain (`aws:TagKeys`). Set on creates and on the AddTags that goes with them.
   */
  createdAsOwner?: boolean;
  /**
   * With UserIsolation the statement is not granted at all: its actions read or
   * change resources IAM cannot tie to one user (no owner tag, no per-user
   * resource), so no condition could isolate them. The activity's `isolation`
   * block says why in `withheld`.
   */
  withheldWhenIsolated?: boolean;
  /**
   * iam:PassRole: with UserIsolation, only roles tagged as the caller's own
   * (`iam:ResourceTag` of USER_ROLE_TAG, user-isolation.ts): each user passes
   * their own compute role and never another user's.
   */
  ownRoleOnly?: boolean;
}

/**
 * How UserIsolation holds for each action an activity grants in a shared role
 * (see user-isolation.ts for what each class renders to). Every action the
 * activity grants with UserIsolation is in exactly one list; a catalog test
 * derives each action's class from the rendered statements and compares.
 */
export interface IsolationClasses {
  /** The resource must be the caller's own (owner tag, owner profile, or per-user name or prefix). */
  ownerChecked: readonly string[];
  /** Creates a resource that must be tagged with the caller's own user profile. */
  createdAsOwner: readonly string[];
  /** Creates into an existing parent (experiment, endpoint config, ...), which must be the caller's own. */
  parentChecked: readonly string[];
  /** Granted to every user alike, each group with the reason that is safe. */
  shared: readonly { actions: readonly string[]; reason: string }[];
  /** Granted without UserIsolation only: why IAM cannot isolate them, and what users do instead. */
  withheld?: readonly { actions: readonly string[]; reason: string }[];
}

/** An activity that cannot be isolated per user: refused with UserIsolation. */
export interface IsolationRefusal {
  /** Why, in one sentence, for the error message and docs. */
  refused: string;
  /** What to use instead. */
  instead: string;
  /**
   * The activity may still go in a role of one user's own
   * (UserIsolation.UserProfileName, e.g. that user's compute role), where
   * these are its classes.
   */
  perUserRole?: IsolationClasses;
}

export type ActivityIsolation = IsolationClasses | IsolationRefusal;

export function isRefusal(isolation: ActivityIsolation): isolation is IsolationRefusal {
  return 'refused' in isolation;
}

/**
 * Where AWS publishes its own permission set for an activity: a document of
 * test/fixtures/aws-reference/ (a Role Manager template or an AWS managed
 * policy; `only` selects this activity's part of a broad policy with IAM-style
 * action patterns), or an AWS documentation page and the actions it grants.
 */
export type AwsReference =
  | { readonly file: string; readonly only?: readonly string[] }
  | { readonly doc: string; readonly actions: readonly string[] };

/**
 * How the activity measures against AWS's permission set. A catalog test
 * fails when an action AWS grants is neither granted nor omitted here, when an
 * omission names an action the activity grants, and when the activity grants
 * an action AWS does not without listing it as an extra. Keys may be IAM-style
 * patterns (`forecast:*`) covering several actions; resources may always be
 * narrower than AWS's, so only actions are compared.
 */
export interface ActivityFidelity {
  readonly references: readonly AwsReference[];
  /** Actions AWS grants that we deliberately do not, each with a one-line reason. */
  readonly omissions: Readonly<Record<string, string>>;
  /** Actions we grant that AWS does not, each with a one-line reason. */
  readonly extras: Readonly<Record<string, string>>;
}

export interface ActivityDefinition {
  /** Stable PascalCase id used in the Activities property. */
  id: string;
  /** The console's name, e.g. "Manage ML Jobs". */
  title: string;
  /** One line: what it lets the persona do. */
  description: string;
  /** Parameters that must be given (non-empty) when this activity is selected. */
  requiredParameters: readonly ParameterName[];
  /** Parameters it uses when given. */
  optionalParameters?: readonly ParameterName[];
  /** Whether VPC customization (VpcSubnetIds, VpcSecurityGroupIds) applies. */
  vpc: boolean;
  /** Whether KMS customization (DataKmsKeyArns, VolumeKmsKeyArns) applies. */
  kms: boolean;
  /**
   * Set on the activities whose S3 data access UserIsolation.S3Prefix limits to
   * per-user prefixes (those that grant S3 objects through bucketDataAccess).
   * The engine refuses an S3Prefix when no selected activity has it, because
   * the prefix would then silently isolate nothing; a catalog test checks the
   * flag against what the statements actually render, so it cannot drift.
   */
  s3Isolation?: true;
  /** What AWS grants for the same activity, and every deliberate difference. */
  fidelity: ActivityFidelity;
  /** Service principals this activity needs in the role's trust policy. */
  trustedServices: readonly string[];
  /** UserIsolation: each granted action's class, or why the activity is refused with it. */
  isolation: ActivityIsolation;
  statements(ctx: ActivityContext): StatementSpec[];
}

export function defineActivity<const T extends ActivityDefinition>(definition: T): T {
  return definition;
}
