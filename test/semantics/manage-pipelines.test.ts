// ManagePipelines through the full engine and the IAM policy simulator.

import { ABAC_PROPS, COMPUTE_ROLE, decide, decideAsUser, OTHER_ROLE, planOf, sm } from './catalog-a-support';

const ACTIVITY = 'ManagePipelines';
const BASE = { PassRoles: [COMPUTE_ROLE] };
const PIPELINE = sm('pipeline/churn-train');
const EXECUTION = sm('pipeline/churn-train/execution/abc123def456');

describe('ManagePipelines', () => {
  const plan = planOf([ACTIVITY], BASE);

  it.each([
    ['CreatePipeline', 'sagemaker:CreatePipeline', PIPELINE, {}],
    ['StartPipelineExecution', 'sagemaker:StartPipelineExecution', PIPELINE, {}],
    ['DescribePipelineExecution', 'sagemaker:DescribePipelineExecution', EXECUTION, {}],
    ['StopPipelineExecution', 'sagemaker:StopPipelineExecution', EXECUTION, {}],
    ['ListPipelines', 'sagemaker:ListPipelines', '*', {}],
    ['passing the pipeline role', 'iam:PassRole', COMPUTE_ROLE, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['passing a role it was not given', 'iam:PassRole', OTHER_ROLE, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
    ['DeletePipeline in another account', 'sagemaker:DeletePipeline', 'arn:aws:sagemaker:us-east-1:999999999999:pipeline/churn-train', {}],
    ['re-tagging an existing pipeline', 'sagemaker:AddTags', PIPELINE, {}],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    const account = resource.includes('999999999999') ? '999999999999' : undefined;
    expect(await decide(plan, { action, resource, context, ...(account ? { account } : {}) })).toBe('ImplicitlyDenied');
  });
});

describe('ManagePipelines with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...ABAC_PROPS });

  it("allows alice to start her pipeline and denies starting bob's", async () => {
    // GIVEN pipelines tagged with alice's and bob's profiles  WHEN alice starts each
    const own = await decideAsUser(plan, 'alice', { action: 'sagemaker:StartPipelineExecution', resource: PIPELINE, owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action: 'sagemaker:StartPipelineExecution', resource: sm('pipeline/bob'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
