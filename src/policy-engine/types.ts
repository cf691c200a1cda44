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
  path: string;
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
}
