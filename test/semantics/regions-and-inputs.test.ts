// Defects 8-10 through the full engine and the IAM policy simulator: a Studio
// domain in a second region works once the role lists that region (and only
// then), the lab's walkthrough passes its service-role/ execution role, and a
// compute role pulls images from a central registry account by repository ARN.

import { runSimulation } from '@cloud-copilot/iam-simulate';
import { planRole, type PolicyDocument } from '../../src/policy-engine';
import { allPoliciesOf, simulate, substituteVariables, TEST_ACCOUNT, TEST_CONTEXT, type Decision, type SimulationRequest } from '../support/simulate';

const SECOND = 'eu-west-1';
const HOME = TEST_CONTEXT.region;
const DOMAIN_ID = 'd-abcdefghijkl';
const EXECUTION_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20260101T000000`;
const sm = (region: string, resource: string) => `arn:aws:sagemaker:${region}:${TEST_ACCOUNT}:${resource}`;

/** The lab's walkthrough, optionally for more regions. */
const lab = (extra: Record<string, unknown> = {}) => ({
  Persona: 'DataScientist',
  PassRoles: [EXECUTION_ROLE],
  S3Buckets: [`sagemaker-${HOME}-${TEST_ACCOUNT}`],
  ...extra,
});

/** Decision for alice's Studio session of the role planned from `props` (Studio's context keys substituted). */
async function asAlice(props: Record<string, unknown>, request: SimulationRequest): Promise<Decision> {
  const policies = allPoliciesOf(planRole(props, TEST_CONTEXT)).map((d) =>
    substituteVariables(d, { 'sagemaker:DomainId': DOMAIN_ID, 'sagemaker:UserProfileName': 'alice' }),
  );
  return simulate(policies, request);
}

const secondRegionWork: [string, SimulationRequest][] = [
  ['open Studio (presigned URL of her own profile)', { action: 'sagemaker:CreatePresignedDomainUrl', resource: sm(SECOND, `user-profile/${DOMAIN_ID}/alice`) }],
  ['start a JupyterLab app', { action: 'sagemaker:CreateApp', resource: sm(SECOND, `app/${DOMAIN_ID}/alice-space/JupyterLab/default`) }],
  ['start a training job', { action: 'sagemaker:CreateTrainingJob', resource: sm(SECOND, 'training-job/fraud-xgb-1') }],
  [
    'pass the execution role to the job',
    { action: 'iam:PassRole', resource: EXECUTION_ROLE, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
  ],
  ['create an experiment', { action: 'sagemaker:CreateExperiment', resource: sm(SECOND, 'experiment/fraud') }],
  [
    "follow the job's logs",
    { action: 'logs:GetLogEvents', resource: `arn:aws:logs:${SECOND}:${TEST_ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs:log-stream:fraud-xgb-1/algo-1` },
  ],
];

describe(`a Studio domain in a second region (${SECOND})`, () => {
  it.each(secondRegionWork.slice(0, 3))('is denied %s while the role lists only the stack region', async (_name, request) => {
    // GIVEN the lab's role without Regions (the stack's region only) WHEN alice works in the second region THEN denied
    expect(await asAlice(lab(), request)).toBe('ImplicitlyDenied');
  });

  it.each(secondRegionWork)('allows alice to %s once Regions lists it', async (_name, request) => {
    // GIVEN the same role with Regions [home, second] WHEN alice works in the second region THEN allowed
    expect(await asAlice(lab({ Regions: [HOME, SECOND] }), request)).toBe('Allowed');
  });

  it('still works in the stack region and grants nothing in a region it does not list', async () => {
    // GIVEN the two-region role WHEN alice starts jobs in each region and in a third
    const role = lab({ Regions: [HOME, SECOND] });
    const train = (region: string) => asAlice(role, { action: 'sagemaker:CreateTrainingJob', resource: sm(region, 'training-job/j') });
    // THEN home and second are allowed, the third is not
    expect([await train(HOME), await train(SECOND), await train('ap-southeast-2')]).toEqual(['Allowed', 'Allowed', 'ImplicitlyDenied']);
  });
});

describe('the lab walkthrough (defect 8)', () => {
  it('passes the execution role with its service-role/ path to SageMaker, and to nothing else', async () => {
    // GIVEN the lab's Data Scientist role WHEN alice passes the execution role
    const pass = (service: string) => asAlice(lab(), { action: 'iam:PassRole', resource: EXECUTION_ROLE, context: { 'iam:PassedToService': service } });
    // THEN to SageMaker only
    expect([await pass('sagemaker.amazonaws.com'), await pass('lambda.amazonaws.com')]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it('registers a model and runs a pipeline (lab defaults Manage Models and Manage Pipelines)', async () => {
    // GIVEN the lab's role WHEN alice registers a model package group and starts a pipeline THEN both are allowed
    expect(await asAlice(lab(), { action: 'sagemaker:CreateModelPackageGroup', resource: sm(HOME, 'model-package-group/fraud') })).toBe('Allowed');
    expect(await asAlice(lab(), { action: 'sagemaker:StartPipelineExecution', resource: sm(HOME, 'pipeline/fraud') })).toBe('Allowed');
  });
});

describe('a compute role pulls from a central registry account (defect 10)', () => {
  const CENTRAL = '444455556666';
  const repo = (account: string, name: string) => `arn:aws:ecr:${HOME}:${account}:repository/${name}`;
  const role = { Persona: 'ComputeRole', S3Buckets: ['team-a-data'], EcrRepositories: [repo(CENTRAL, 'fraud/training'), 'team-a/inference'] };
  // A central registry's repository policy lets the whole workload account pull (as such registries do), so
  // for a cross-account pull the role's own identity policy decides, as in IAM.
  const registryPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }],
  };
  const policies: PolicyDocument[] = allPoliciesOf(planRole(role, TEST_CONTEXT));
  async function pull(resource: string): Promise<Decision> {
    const account = resource.split(':')[4];
    if (account === TEST_ACCOUNT) return simulate(policies, { action: 'ecr:BatchGetImage', resource });
    const result = await runSimulation(
      {
        identityPolicies: policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: registryPolicy,
        request: {
          principal: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/SageMaker-compute/SageMaker`,
          action: 'ecr:BatchGetImage',
          resource: { resource, accountId: account },
          contextVariables: {},
        },
      },
      { simulationMode: 'Strict' },
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }

  it.each([
    ['the central repository named by ARN', repo(CENTRAL, 'fraud/training'), 'Allowed'],
    ['the own-account repository named by name', repo(TEST_ACCOUNT, 'team-a/inference'), 'Allowed'],
    ['another repository of the central account', repo(CENTRAL, 'fraud/other'), 'ImplicitlyDenied'],
    ['the same name in the own account', repo(TEST_ACCOUNT, 'fraud/training'), 'ImplicitlyDenied'],
  ] as const)('%s: %s', async (_name, resource, expected) => {
    // GIVEN the compute role WHEN a job pulls the image THEN exactly the named repositories are allowed
    expect(await pull(resource)).toBe(expected);
  });
});
