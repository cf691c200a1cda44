// The provider's execution-role policy: the security boundary of the product.
// It says the same as the ProviderRole of cfn/provider.yaml, statement by
// statement (test/cdk/provider-parity.test.ts compares the two), so a CDK user
// and a CloudFormation user get an identically constrained provider.

import * as iam from 'aws-cdk-lib/aws-iam';
import { ROLE_NAME_PREFIX } from '../../src/policy-engine/names';

export interface ProviderPolicyOptions {
  partition: string;
  account: string;
  /** IAM path prefix of the roles the provider may manage, `/` or `/a/b/` (its own policies live at `/`). */
  rolePathPrefix: string;
  /** When set, every role must carry exactly this boundary. */
  permissionsBoundaryArn?: string;
  /** Managed policies templates may attach besides the provider's own. */
  allowedManagedPolicyArns: readonly string[];
}

const READ_AND_SHRINK = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:UpdateRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:DeleteRole',
];

const GRANT = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'];

const MANAGE_POLICIES = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
];

// Every write action of the statements above: none may reach an entity whose
// `SageMaker-` is only a path segment (see DenySageMakerLookalikePaths).
const WRITES = [
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

export function providerManagementStatements(o: ProviderPolicyOptions): iam.PolicyStatement[] {
  const iamArn = (resource: string): string => `arn:${o.partition}:iam::${o.account}:${resource}`;
  const p = o.rolePathPrefix;
  // `role${p}SageMaker-*` for roles directly under the prefix, `role${p}*/SageMaker-*` below it.
  const roles = [iamArn(`role${p}${ROLE_NAME_PREFIX}*`), iamArn(`role${p}*/${ROLE_NAME_PREFIX}*`)];
  // The managed policies the provider creates always live at path /.
  const ownedPolicies = iamArn(`policy/${ROLE_NAME_PREFIX}*`);
  const instanceProfiles = [
    iamArn(`instance-profile${p}${ROLE_NAME_PREFIX}*`),
    iamArn(`instance-profile${p}*/${ROLE_NAME_PREFIX}*`),
  ];
  const boundary = o.permissionsBoundaryArn;
  const boundaryCondition = boundary !== undefined ? { StringEquals: { 'iam:PermissionsBoundary': boundary } } : {};

  const statements = [
    new iam.PolicyStatement({ sid: 'ReadAndShrinkSageMakerRoles', actions: READ_AND_SHRINK, resources: roles }),
    new iam.PolicyStatement({
      sid: 'GrantToSageMakerRoles',
      actions: GRANT,
      resources: roles,
      conditions: boundary !== undefined ? boundaryCondition : undefined,
    }),
  ];
  if (boundary === undefined) {
    statements.push(
      new iam.PolicyStatement({ sid: 'RemoveTemplateBoundary', actions: ['iam:DeleteRolePermissionsBoundary'], resources: roles }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: 'AttachOwnedPolicies',
      actions: ['iam:AttachRolePolicy'],
      resources: roles,
      conditions: { ArnLike: { 'iam:PolicyARN': ownedPolicies }, ...boundaryCondition },
    }),
  );
  if (o.allowedManagedPolicyArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AttachAllowListedPolicies',
        actions: ['iam:AttachRolePolicy'],
        resources: roles,
        conditions: { ArnEquals: { 'iam:PolicyARN': [...o.allowedManagedPolicyArns] }, ...boundaryCondition },
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({ sid: 'ManageSageMakerPolicies', actions: MANAGE_POLICIES, resources: [ownedPolicies] }),
    // Owned policies left detached by an interrupted event are found by listing (names only); no resource-level scope exists.
    new iam.PolicyStatement({ sid: 'FindSageMakerPolicies', actions: ['iam:ListPolicies'], resources: ['*'] }),
    // IAM authorizes RemoveRoleFromInstanceProfile on the profile only, so only SageMaker-* profiles qualify.
    new iam.PolicyStatement({
      sid: 'ReleaseSageMakerInstanceProfiles',
      actions: ['iam:RemoveRoleFromInstanceProfile'],
      resources: instanceProfiles,
    }),
    new iam.PolicyStatement({
      sid: 'DenySageMakerLookalikePaths',
      effect: iam.Effect.DENY,
      actions: WRITES,
      resources: [
        iamArn(`role${p}*${ROLE_NAME_PREFIX}*/*`),
        iamArn(`policy/*${ROLE_NAME_PREFIX}*/*`),
        iamArn(`instance-profile${p}*${ROLE_NAME_PREFIX}*/*`),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'DenyAttachingLookalikePolicies',
      effect: iam.Effect.DENY,
      actions: ['iam:AttachRolePolicy'],
      resources: [iamArn('role/*')],
      conditions: { ArnLike: { 'iam:PolicyARN': iamArn(`policy/*${ROLE_NAME_PREFIX}*/*`) } },
    }),
  );
  if (boundary !== undefined) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyRemovingBoundary',
        effect: iam.Effect.DENY,
        actions: ['iam:DeleteRolePermissionsBoundary'],
        resources: [iamArn('role/*')],
      }),
    );
  }
  return statements;
}
