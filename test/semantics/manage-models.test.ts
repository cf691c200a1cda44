// ManageModels through the full engine and the IAM policy simulator.

import {
  ABAC_PROPS,
  COMPUTE_ROLE,
  decide,
  decideAsUser,
  IN_VPC_WITH_KEYS,
  OTHER_ROLE,
  planOf,
  sm,
  VPC_PROPS,
} from './catalog-a-support';

const ACTIVITY = 'ManageModels';
const BASE = { PassRoles: [COMPUTE_ROLE] };
const IN_VPC = {
  'sagemaker:VpcSubnets': IN_VPC_WITH_KEYS['sagemaker:VpcSubnets'],
  'sagemaker:VpcSecurityGroupIds': IN_VPC_WITH_KEYS['sagemaker:VpcSecurityGroupIds'],
};

describe('ManageModels with VPC customization', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...VPC_PROPS });

  it.each([
    ['CreateModel in the VPC', 'sagemaker:CreateModel', sm('model/churn-xgb'), IN_VPC],
    ['CreateModelPackageGroup', 'sagemaker:CreateModelPackageGroup', sm('model-package-group/churn'), {}],
    ['CreateModelPackage', 'sagemaker:CreateModelPackage', sm('model-package/churn/1'), {}],
    ['UpdateModelPackage (approval)', 'sagemaker:UpdateModelPackage', sm('model-package/churn/1'), {}],
    ['ListModels', 'sagemaker:ListModels', '*', {}],
    ['passing the execution role', 'iam:PassRole', COMPUTE_ROLE, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['CreateModel outside the VPC', 'sagemaker:CreateModel', sm('model/churn-xgb'), {}],
    ['CreateModel in another subnet', 'sagemaker:CreateModel', sm('model/churn-xgb'), { ...IN_VPC, 'sagemaker:VpcSubnets': ['subnet-0fff9999'] }],
    ['passing a role it was not given', 'iam:PassRole', OTHER_ROLE, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
    ['CreateEndpoint (ManageEndpoints, not this activity)', 'sagemaker:CreateEndpoint', sm('endpoint/churn'), {}],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource, context })).toBe('ImplicitlyDenied');
  });
});

describe('ManageModels with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...ABAC_PROPS });

  it("allows alice to delete her model and denies deleting bob's", async () => {
    // GIVEN models Studio tagged with alice's and bob's profiles  WHEN alice deletes each
    const own = await decideAsUser(plan, 'alice', { action: 'sagemaker:DeleteModel', resource: sm('model/a'), owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action: 'sagemaker:DeleteModel', resource: sm('model/b'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
