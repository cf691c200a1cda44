// Types of the engine's output: IAM documents and the role plan.

/** Operator → condition key → value(s). Values are always strings, as IAM stores them. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface TrustStatement {
  Effect: 'Allow';
  Principal: { Service: string | string[] };
  Action: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument<S = Statement> {
  Version: '2012-10-17';
  Statement: S[];
}

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

export interface Tag {
  Key: string;
  Value: string;
}

/**
 * Everything the provider needs to make IAM match. Same properties and context
 * give a byte-identical plan (serialize it with `JSON.stringify`).
 */
export interface RolePlan {
  roleName: string;
  /** The role's IAM path: the provider's path with the user's Path nested inside (names.ts roleIamPath). */
  path: string;
  /** IAM path of the managed policies the provider creates for the role (PROVIDER_IAM_PATH). */
  managedPolicyPath: string;
  description: string;
  maxSessionDuration: number;
  /** Policy ARN, or undefined for none. */
  permissionsBoundary?: string;
  trustPolicy: PolicyDocument<TrustStatement>;
  /** Inline policies, together within the role's inline quota. */
  inlinePolicies: NamedPolicy[];
  /** Managed policies the provider creates and owns (names start with `SageMaker-`). */
  managedPolicies: NamedPolicy[];
  /** Managed policies the user asked to attach (ManagedPolicyArns), in the given order. */
  managedPolicyArns: string[];
  /** User tags, sorted by key; ownership tags are added by the provider, not here. */
  tags: Tag[];
  /** Activities that produced the permissions, in catalog order. */
  activities: string[];
}

/** IAM quotas the packer honours. Characters exclude whitespace, as IAM counts them. */
export interface QuotaLimits {
  /** Sum of all inline policy documents of one role. */
  inlinePolicyChars: number;
  /** One managed policy document. */
  managedPolicyChars: number;
  /** Managed policies attached to one role: the user's ARNs plus the provider's own. */
  attachedPolicies: number;
}

export const DEFAULT_LIMITS: QuotaLimits = Object.freeze({
  inlinePolicyChars: 10_240,
  managedPolicyChars: 6_144,
  attachedPolicies: 10,
});

/** Where the role lives: every ARN in the plan is scoped to it. */
export interface PlanContext {
  partition: string;
  region: string;
  account: string;
  /** CloudFormation stack name and stack id; used only to generate a role name when RoleNameSuffix is omitted. */
  stackName: string;
  stackId: string;
  logicalId: string;
  limits?: Partial<QuotaLimits>;
  /** What the provider stack's administrator allows (guardrails.ts); omitted: no guardrails. */
  guardrails?: Guardrails;
}

/**
 * Limits an administrator sets once, on the provider stack. Lists of patterns
 * may use `*` and `?`. An empty or omitted list restricts nothing, except
 * `allowedManagedPolicyArns`, where an empty list allows none.
 */
export interface Guardrails {
  /** Role ARN patterns PassRoles must match. */
  allowedPassRoleArns?: readonly string[];
  /** Bucket name patterns S3Buckets must match. */
  allowedS3BucketPatterns?: readonly string[];
  /** Exact managed policy ARNs ManagedPolicyArns may list; undefined: not checked here. */
  allowedManagedPolicyArns?: readonly string[];
  /** Boundary every role gets; a different PermissionsBoundary property is refused. */
  permissionsBoundaryArn?: string;
  /** The provider's execution role, which no persona role may pass. */
  providerRoleArn?: string;
}
