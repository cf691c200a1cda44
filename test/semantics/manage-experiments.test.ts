// ManageExperiments through the full engine and the IAM policy simulator.

import { ABAC_PROPS, decide, decideAsUser, planOf, sm } from './catalog-a-support';

const ACTIVITY = 'ManageExperiments';
const COMPONENT = sm('experiment-trial-component/churn-run-7');

describe('ManageExperiments', () => {
  const plan = planOf([ACTIVITY]);

  it.each([
    ['CreateExperiment', 'sagemaker:CreateExperiment', sm('experiment/churn')],
    ['CreateTrial', 'sagemaker:CreateTrial', sm('experiment-trial/churn-xgb')],
    ['BatchPutMetrics on a trial component', 'sagemaker:BatchPutMetrics', COMPONENT],
    ['AssociateTrialComponent', 'sagemaker:AssociateTrialComponent', COMPONENT],
    ['Search', 'sagemaker:Search', '*'],
  ])('allows %s', async (_name, action, resource) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource })).toBe('Allowed');
  });

  it.each([
    ['CreateTrainingJob (ManageMLJobs, not this activity)', 'sagemaker:CreateTrainingJob', sm('training-job/x')],
    ['re-tagging an existing experiment', 'sagemaker:AddTags', sm('experiment/churn')],
  ])('denies %s', async (_name, action, resource) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource })).toBe('ImplicitlyDenied');
  });
});

describe('ManageExperiments with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], ABAC_PROPS);

  it.each([
    ['DeleteExperiment', 'sagemaker:DeleteExperiment', 'experiment/'],
    ['UpdateTrialComponent', 'sagemaker:UpdateTrialComponent', 'experiment-trial-component/'],
  ])("allows alice %s on her own and denies it on bob's", async (_name, action, type) => {
    // GIVEN resources tagged with alice's and bob's profiles  WHEN alice acts on each
    const own = await decideAsUser(plan, 'alice', { action, resource: sm(`${type}a`), owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action, resource: sm(`${type}b`), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
