// Shared names of the public interface: the Lambda, the CDK layer, the CLI and
// the tests import them from here so a rename can never drift between them.

export const RESOURCE_TYPE = 'Custom::SageMakerPersonaRole';

/** Every role and owned managed policy name starts with this; the provider's own role is scoped to it. */
export const ROLE_NAME_PREFIX = 'SageMaker-';

/**
 * The provider's own IAM path. Its managed policies live directly under it and
 * persona roles under it with the user's Path nested inside. IAM fixes a
 * role's or policy's path at creation, so the execution role, scoped to this
 * path, can never reach an entity someone else created elsewhere (not even to
 * stamp ownership tags onto an untagged one).
 */
export const PROVIDER_IAM_PATH = '/sagemaker-persona-role/';

/** The IAM path of a persona role whose Path property is `userPath` (`/` or `/a/b/`). */
export function roleIamPath(userPath: string): string {
  return `${PROVIDER_IAM_PATH}${userPath.slice(1)}`;
}

/**
 * Names of what the provider stack creates for itself: function, execution role
 * and log group are `persona-role-provider-<stack uuid>` (log group under
 * /aws/lambda/). Never derived from the stack name, and free of "sagemaker" in
 * any letter case: AWS's SageMaker managed policies grant Lambda and IAM access
 * on `*sagemaker*` names (issue 8, finding 1).
 */
export const PROVIDER_NAME_PREFIX = 'persona-role-provider-';

/** IAM's longest path. */
export const MAX_IAM_PATH = 512;

/** Resource properties, exactly as users write them in templates. */
export const Prop = {
  ServiceToken: 'ServiceToken',
  /** Sent by CloudFormation for custom resources that set a timeout; accepted and ignored. */
  ServiceTimeout: 'ServiceTimeout',
  /**
   * Version of the catalog the template was written for; accepted and ignored
   * by the engine. Changing it is what makes CloudFormation send an Update, so
   * an upgraded provider re-renders the role (the CDK construct sets it to the
   * library's version).
   */
  CatalogVersion: 'CatalogVersion',
  Persona: 'Persona',
  Activities: 'Activities',
  RoleNameSuffix: 'RoleNameSuffix',
  Path: 'Path',
  Description: 'Description',
  MaxSessionDuration: 'MaxSessionDuration',
  PassRoles: 'PassRoles',
  S3Buckets: 'S3Buckets',
  EcrRepositories: 'EcrRepositories',
  AthenaWorkgroups: 'AthenaWorkgroups',
  GlueDatabases: 'GlueDatabases',
  KendraIndexes: 'KendraIndexes',
  MlflowTrackingServers: 'MlflowTrackingServers',
  VpcSubnetIds: 'VpcSubnetIds',
  VpcSecurityGroupIds: 'VpcSecurityGroupIds',
  DataKmsKeyArns: 'DataKmsKeyArns',
  VolumeKmsKeyArns: 'VolumeKmsKeyArns',
  UserIsolation: 'UserIsolation',
  /** Regions the role is used in (IAM roles are global): every regional grant applies in exactly these. */
  Regions: 'Regions',
  ManagedPolicyArns: 'ManagedPolicyArns',
  PermissionsBoundary: 'PermissionsBoundary',
  Tags: 'Tags',
} as const;
export type PropName = (typeof Prop)[keyof typeof Prop];

/** Keys inside the UserIsolation object. */
export const UserIsolationProp = {
  /** The one SageMaker domain whose Studio users share (or whose user owns) the role. */
  DomainId: 'DomainId',
  S3Prefix: 'S3Prefix',
  SecretsPrefix: 'SecretsPrefix',
  UserProfileName: 'UserProfileName',
} as const;

/** Fn::GetAtt attribute names the provider returns. */
export const Attr = {
  Arn: 'Arn',
  RoleName: 'RoleName',
  RoleId: 'RoleId',
  /** Comma-separated names of the managed policies the provider created and owns for this role. */
  ManagedPolicyNames: 'ManagedPolicyNames',
  /** Version of the provider that last created or updated the role (its package version). */
  ProviderVersion: 'ProviderVersion',
} as const;

/** Personas, as users write them in the Persona property. */
export const PERSONA_IDS = ['DataScientist', 'MLOps', 'ComputeRole', 'Custom'] as const;
export type PersonaId = (typeof PERSONA_IDS)[number];

/**
 * Ownership tags: the provider writes them on every role and managed policy it
 * creates and never modifies or deletes an entity without both matching.
 */
export const OwnershipTag = {
  StackId: 'sagemaker-persona-role:stack-id',
  LogicalId: 'sagemaker-persona-role:logical-id',
} as const;

/**
 * Tag the engine puts on a role of one Studio user's own
 * (UserIsolation.UserProfileName), valued `<domain id>/<user profile name>`: an
 * isolated shared role passes only the roles whose tag names the caller. Only
 * the engine writes it; user Tags may never set it.
 */
export const USER_ROLE_TAG = 'sagemaker-persona-role:user-profile';

/** Export name suffix of the provider stack's ServiceToken output: `${AWS::StackName}-ServiceToken`. */
export const SERVICE_TOKEN_EXPORT_SUFFIX = '-ServiceToken';

/**
 * Environment variables of the provider Lambda. The provider stack (cfn/, cdk/)
 * sets them; the Lambda reads them. Shared here so the names cannot drift.
 */
export const ProviderEnv = {
  /** Quota of managed policies attached to one role (IAM default 10, raisable to 20). */
  MaxAttachedPolicies: 'MAX_ATTACHED_POLICIES',
  /** Optional policy ARN applied as permissions boundary to every role the provider creates. */
  PermissionsBoundaryArn: 'PERMISSIONS_BOUNDARY_ARN',
  /** Comma-separated managed policy ARNs templates may attach (ManagedPolicyArns); set but empty: none. */
  AllowedManagedPolicyArns: 'ALLOWED_MANAGED_POLICY_ARNS',
  /** Comma-separated role ARN patterns (`*`, `?`) PassRoles must match; empty: any role of the account. */
  AllowedPassRoleArns: 'ALLOWED_PASS_ROLE_ARNS',
  /** Comma-separated bucket name patterns (`*`, `?`) S3Buckets must match; empty: any bucket. */
  AllowedS3BucketPatterns: 'ALLOWED_S3_BUCKET_PATTERNS',
  /** The provider's own execution role: no persona role may ever pass it. */
  ProviderRoleArn: 'PROVIDER_ROLE_ARN',
  /** Optional Powertools log level (DEBUG, INFO, WARN, ERROR). */
  LogLevel: 'POWERTOOLS_LOG_LEVEL',
  /**
   * Tests only: `true` also accepts ResponseURLs on 127.0.0.1/localhost, where
   * test doubles stand in for CloudFormation's bucket. Never set by the shipped
   * templates (test/cfn checks it): in production only CloudFormation's
   * response endpoint is answered.
   */
  TestAllowLoopbackResponseUrl: 'PERSONA_ROLE_PROVIDER_TEST_ALLOW_LOOPBACK_RESPONSE_URL',
} as const;

/** Prefix of the physical id a failed Create answers with; the Delete that follows recognises it and touches nothing. */
export const FAILED_CREATE_MARKER = 'failed-create:';
