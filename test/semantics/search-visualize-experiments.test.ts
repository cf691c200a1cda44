// SearchVisualizeExperiments (read-only) through the full engine and the IAM policy simulator.

import { ABAC_PROPS, decide, decideAsUser, planOf, sm } from './catalog-a-support';

const ACTIVITY = 'SearchVisualizeExperiments';

describe('SearchVisualizeExperiments', () => {
  const plan = planOf([ACTIVITY]);

  it.each([
    ['Search', 'sagemaker:Search', '*'],
    ['QueryLineage', 'sagemaker:QueryLineage', '*'],
    ['DescribeTrialComponent', 'sagemaker:DescribeTrialComponent', sm('experiment-trial-component/run-1')],
    ['DescribeArtifact (lineage)', 'sagemaker:DescribeArtifact', sm('artifact/0123456789abcdef')],
    ['BatchGetMetrics', 'sagemaker:BatchGetMetrics', sm('experiment-trial-component/run-1')],
  ])('allows %s', async (_name, action, resource) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource })).toBe('Allowed');
  });

  it.each([
    ['CreateExperiment: read-only', 'sagemaker:CreateExperiment', sm('experiment/churn')],
    ['DeleteTrial: read-only', 'sagemaker:DeleteTrial', sm('experiment-trial/churn-xgb')],
    ['BatchPutMetrics: read-only', 'sagemaker:BatchPutMetrics', sm('experiment-trial-component/run-1')],
  ])('denies %s', async (_name, action, resource) => {
    // GIVEN the role's plan  WHEN the persona tries to change something  THEN IAM denies it
    expect(await decide(plan, { action, resource })).toBe('ImplicitlyDenied');
  });
});

describe('SearchVisualizeExperiments with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], ABAC_PROPS);

  it("allows alice to describe her experiment and denies describing bob's", async () => {
    // GIVEN experiments tagged with alice's and bob's profiles  WHEN alice describes each
    const own = await decideAsUser(plan, 'alice', { action: 'sagemaker:DescribeExperiment', resource: sm('experiment/a'), owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action: 'sagemaker:DescribeExperiment', resource: sm('experiment/b'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
