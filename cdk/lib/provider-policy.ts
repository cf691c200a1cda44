// The provider's execution-role policies: the security boundary of the whole
// product, written ONCE here. cfn/provider.yaml's copy is generated from this
// module (`npm run generate:provider`; test/cfn/provider-generated.test.ts fails
// on drift) and the CDK provider renders the same spec with its own values, so
// a change cannot reach one deploy path and miss the other.
//
// The spec speaks CloudFormation (Fn::Sub text with ${AWS::Partition},
// ${AWS::AccountId}, ${AWS::Region} and ${RolePathPrefix}; parameter references;
// conditions) and each renderer gives those words a meaning.
//
// Fences (issue 8):
// - Every Allow requires lambda:SourceFunctionArn = this provider's function:
//   Lambda puts the calling function's ARN into every request made with the
//   credentials of its execution environment ("Using source function ARN to
//   control function access behavior",
//   https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html),
//   so another function started with this role (anyone allowed iam:PassRole to
//   Lambda could) gets none of its power.
// - Roles and policies are written only under the provider's own IAM path
//   (/sagemaker-persona-role/, fixed at creation), only with the ownership tags
//   (aws:ResourceTag on existing entities, aws:RequestTag on creation), and the
//   ownership tags can neither be removed nor rewritten.

import { OwnershipTag, PROVIDER_IAM_PATH, PROVIDER_NAME_PREFIX, ROLE_NAME_PREFIX } from '../../src/policy-engine/names';

export type CfnCondition = 'HasPermissionsBoundary' | 'HasAllowedManagedPolicies';
export type CfnParameter = 'PermissionsBoundaryArn' | 'AllowedManagedPolicyArns';

/** How one deploy path expresses the spec's dynamic parts. */
export interface PolicyRenderer {
  /** Fn::Sub text over ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId}, ${RolePathPrefix}. */
  sub(text: string): unknown;
  ref(parameter: CfnParameter): unknown;
  getAtt(resource: 'ProviderLogGroup', attribute: 'Arn'): unknown;
  /** ARN of the provider's function, built from its fixed name (no reference to the function: it depends on this role). */
  functionArn(): unknown;
  /** `then` when the condition holds, else `otherwise` (undefined: nothing, AWS::NoValue). */
  when(condition: CfnCondition, then: unknown, otherwise?: unknown): unknown;
}

export interface NamedDocument {
  /** Inline policy name on the execution role. */
  name: string;
  document: { Version: '2012-10-17'; Statement: unknown[] };
}

const ROLE_PATH = PROVIDER_IAM_PATH.slice(0, -1); // '/sagemaker-persona-role', followed by RolePathPrefix ('/…/')
const IAM = 'arn:${AWS::Partition}:iam::${AWS::AccountId}';
const OWNER_KEYS = [OwnershipTag.StackId, OwnershipTag.LogicalId];

const nullKeys = (prefix: 'aws:ResourceTag' | 'aws:RequestTag', isNull: 'true' | 'false', keys = OWNER_KEYS) =>
  Object.fromEntries(keys.map((k) => [`${prefix}/${k}`, isNull]));

/** Every write the spec allows anywhere (for the look-alike denies). */
export const WRITE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:CreateRole',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

/** The execution role's inline policies, in the spec's words. */
export function executionRolePolicies(r: PolicyRenderer): NamedDocument[] {
  const fn = r.functionArn();
  // Merged into a statement's conditions: only this function's code may use the grant.
  const fromThisFunction = (condition: Record<string, Record<string, unknown>> = {}) => ({
    ...condition,
    ArnEquals: { ...(condition.ArnEquals ?? {}), 'lambda:SourceFunctionArn': fn },
  });
  const allow = (sid: string, actions: string[], resource: unknown, condition?: Record<string, Record<string, unknown>>) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: actions,
    Resource: resource,
    Condition: fromThisFunction(condition),
  });
  const boundaryCondition = () => ({ StringEquals: { 'iam:PermissionsBoundary': r.ref('PermissionsBoundaryArn') } });
  // With a boundary configured, the statement also requires it; `when` picks the variant.
  const withBoundary = (build: (extra: Record<string, Record<string, unknown>>) => unknown) => r.when('HasPermissionsBoundary', build(boundaryCondition()), build({}));

  const roles = [r.sub(`${IAM}:role${ROLE_PATH}\${RolePathPrefix}${ROLE_NAME_PREFIX}*`), r.sub(`${IAM}:role${ROLE_PATH}\${RolePathPrefix}*/${ROLE_NAME_PREFIX}*`)];
  const policies = r.sub(`${IAM}:policy${PROVIDER_IAM_PATH}${ROLE_NAME_PREFIX}*`);
  const owned = nullKeys('aws:ResourceTag', 'false');
  const ownershipKeysUntouched = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': OWNER_KEYS } };

  const management: unknown[] = [
    // GetRole anywhere (names only): a same-named role outside the fence must read as "not ours", not as a failure.
    allow('ReadRoles', ['iam:GetRole'], [r.sub(`${IAM}:role/${ROLE_NAME_PREFIX}*`), r.sub(`${IAM}:role/*/${ROLE_NAME_PREFIX}*`)]),
    allow('ReadPersonaRoles', ['iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole'], roles),
    // CreateRole must carry the ownership tags; IAM then authorizes the tags as TagRole on a role without tags.
    withBoundary((b) => allow('CreatePersonaRoles', ['iam:CreateRole'], roles, { Null: nullKeys('aws:RequestTag', 'false'), ...b })),
    allow('TagPersonaRolesOnCreate', ['iam:TagRole'], roles, { Null: { ...nullKeys('aws:ResourceTag', 'true', [OwnershipTag.StackId]), ...nullKeys('aws:RequestTag', 'false') } }),
    // Owned roles: user tags change, ownership tags stay as created.
    allow('RetagOwnedRoles', ['iam:TagRole', 'iam:UntagRole'], roles, { Null: owned, ...ownershipKeysUntouched }),
    // Calls that add no permission.
    allow('ShrinkOwnedRoles', ['iam:UpdateRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRole'], roles, { Null: owned }),
    // Calls that can widen a role: with a boundary configured, the role must carry exactly it.
    withBoundary((b) => allow('GrantToOwnedRoles', ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'], roles, { Null: owned, ...b })),
    // Without a configured boundary, a template may remove the boundary it set itself.
    r.when('HasPermissionsBoundary', undefined, allow('RemoveTemplateBoundary', ['iam:DeleteRolePermissionsBoundary'], roles, { Null: owned })),
    withBoundary((b) =>
      allow('AttachOwnedPolicies', ['iam:AttachRolePolicy'], roles, { Null: owned, ArnLike: { 'iam:PolicyARN': policies }, ...b }),
    ),
    r.when(
      'HasAllowedManagedPolicies',
      withBoundary((b) =>
        allow('AttachAllowListedPolicies', ['iam:AttachRolePolicy'], roles, { Null: owned, ArnEquals: { 'iam:PolicyARN': r.ref('AllowedManagedPolicyArns') }, ...b }),
      ),
    ),
    // The managed policies the provider creates when a role's inline quota overflows.
    allow('CreateOwnedPolicies', ['iam:CreatePolicy'], policies, { Null: nullKeys('aws:RequestTag', 'false') }),
    allow('TagPoliciesOnCreate', ['iam:TagPolicy'], policies, { Null: { ...nullKeys('aws:ResourceTag', 'true', [OwnershipTag.StackId]), ...nullKeys('aws:RequestTag', 'false') } }),
    allow('ReadOwnedPolicies', ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions'], policies),
    // Owned policies an interrupted event left detached are found by listing the provider's policy path (names and
    // paths only, no documents); IAM offers no resource-level scope for ListPolicies.
    allow('FindOwnedPolicies', ['iam:ListPolicies'], '*'),
    allow('ChangeOwnedPolicies', ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'], policies, { Null: owned }),
    // DeleteRole fails while a role sits in an instance profile. IAM authorizes only the profile, so a broad grant
    // would let this role empty ANY instance profile: only SageMaker-* profiles qualify; others need an administrator.
    allow('ReleaseInstanceProfiles', ['iam:RemoveRoleFromInstanceProfile'], [
      r.sub(`${IAM}:instance-profile\${RolePathPrefix}${ROLE_NAME_PREFIX}*`),
      r.sub(`${IAM}:instance-profile\${RolePathPrefix}*/${ROLE_NAME_PREFIX}*`),
    ]),
    // `*` also matches `/`: role/…/SageMaker-x/Admin is the role Admin under the path …/SageMaker-x/. Deny every
    // ARN whose "SageMaker-" is followed by a further `/`, and any policy below the provider's own path.
    {
      Sid: 'DenyLookalikePaths',
      Effect: 'Deny',
      Action: WRITE_ACTIONS,
      Resource: [
        r.sub(`${IAM}:role${ROLE_PATH}\${RolePathPrefix}*${ROLE_NAME_PREFIX}*/*`),
        r.sub(`${IAM}:policy${PROVIDER_IAM_PATH}*/*`),
        r.sub(`${IAM}:instance-profile\${RolePathPrefix}*${ROLE_NAME_PREFIX}*/*`),
      ],
    },
    {
      Sid: 'DenyAttachingLookalikePolicies',
      Effect: 'Deny',
      Action: 'iam:AttachRolePolicy',
      Resource: r.sub(`${IAM}:role/*`),
      Condition: { ArnLike: { 'iam:PolicyARN': r.sub(`${IAM}:policy${PROVIDER_IAM_PATH}*/*`) } },
    },
    // Belt and braces: with a boundary configured, no role may ever lose it.
    r.when('HasPermissionsBoundary', {
      Sid: 'DenyRemovingBoundary',
      Effect: 'Deny',
      Action: 'iam:DeleteRolePermissionsBoundary',
      Resource: r.sub(`${IAM}:role/*`),
    }),
  ];

  return [
    {
      name: 'write-logs',
      document: { Version: '2012-10-17', Statement: [allow('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], r.getAtt('ProviderLogGroup', 'Arn'))] },
    },
    {
      // Every event is confirmed with CloudFormation before any IAM write (lambda/stack-confirmation.ts).
      name: 'confirm-events',
      document: {
        Version: '2012-10-17',
        Statement: [
          allow('ConfirmEvents', ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'], r.sub('arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*/*')),
        ],
      },
    },
    { name: 'manage-persona-roles', document: { Version: '2012-10-17', Statement: management } },
  ];
}

const NO_VALUE = { Ref: 'AWS::NoValue' };

/** The stack id's UUID: unique per stack, so names never collide across regions or stacks, and never the stack's name. */
export const STACK_UUID = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };

/** `persona-role-provider-<stack uuid>`: the provider's function and execution role name. */
export const CFN_PROVIDER_NAME = { 'Fn::Join': ['', [PROVIDER_NAME_PREFIX, STACK_UUID]] };

/** CloudFormation intrinsics, for cfn/provider.yaml. */
export const cloudFormationRenderer: PolicyRenderer = {
  sub: (text) => ({ 'Fn::Sub': text }),
  ref: (parameter) => ({ Ref: parameter }),
  getAtt: (resource, attribute) => ({ 'Fn::GetAtt': [resource, attribute] }),
  functionArn: () => ({ 'Fn::Sub': [`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${PROVIDER_NAME_PREFIX}\${StackUuid}`, { StackUuid: STACK_UUID }] }),
  when: (condition, then, otherwise) => ({ 'Fn::If': [condition, then ?? NO_VALUE, otherwise ?? NO_VALUE] }),
};

export interface ConcreteValues {
  partition: string;
  region: string;
  account: string;
  rolePathPrefix: string;
  functionArn: string;
  logGroupArn: string;
  permissionsBoundaryArn?: string;
  allowedManagedPolicyArns: readonly string[];
}

const OMIT = Symbol('omit');

/** Plain values (CDK tokens are fine), for the CDK provider and for tests. */
export function concreteRenderer(v: ConcreteValues): PolicyRenderer {
  return {
    sub: (text) =>
      text
        .replace(/\$\{AWS::Partition\}/g, v.partition)
        .replace(/\$\{AWS::Region\}/g, v.region)
        .replace(/\$\{AWS::AccountId\}/g, v.account)
        .replace(/\$\{RolePathPrefix\}/g, v.rolePathPrefix),
    ref: (parameter) => (parameter === 'PermissionsBoundaryArn' ? v.permissionsBoundaryArn : [...v.allowedManagedPolicyArns]),
    getAtt: () => v.logGroupArn,
    functionArn: () => v.functionArn,
    when: (condition, then, otherwise) => {
      const holds = condition === 'HasPermissionsBoundary' ? v.permissionsBoundaryArn !== undefined : v.allowedManagedPolicyArns.length > 0;
      const picked = holds ? then : otherwise;
      return picked === undefined ? OMIT : picked;
    },
  };
}

/** The documents with every omitted (AWS::NoValue) element removed. */
export function concretePolicies(v: ConcreteValues): NamedDocument[] {
  return executionRolePolicies(concreteRenderer(v)).map((p) => ({
    name: p.name,
    document: { ...p.document, Statement: p.document.Statement.filter((s) => s !== OMIT) },
  }));
}
