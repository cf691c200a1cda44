import { policiesFor, sagemakerArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const JOB_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-data-prep`;
const DEFAULT_BUCKET = `sagemaker-us-east-1-${TEST_ACCOUNT}`;

// GIVEN (for every case) a Custom role with CanvasDataPreparation passing the data preparation job role.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasDataPreparation'], PassRoles: [JOB_ROLE] });

describe('CanvasDataPreparation', () => {
  it.each<DecisionCase>([
    ['allows starting a data preparation job', { action: 'sagemaker:CreateProcessingJob', resource: sagemakerArn('processing-job/canvas-data-prep-1') }, 'Allowed'],
    ['allows watching it', { action: 'sagemaker:DescribeProcessingJob', resource: sagemakerArn('processing-job/canvas-data-prep-1') }, 'Allowed'],
    ['allows saving a flow to the default bucket', { action: 's3:PutObject', resource: `arn:aws:s3:::${DEFAULT_BUCKET}/data-wrangler-flows/a.flow` }, 'Allowed'],
    ['allows passing the job role to SageMaker', { action: 'iam:PassRole', resource: JOB_ROLE, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'Allowed'],
    ['denies training jobs', { action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/t1') }, 'ImplicitlyDenied'],
    ['denies another bucket', { action: 's3:PutObject', resource: 'arn:aws:s3:::team-b-data/a.flow' }, 'ImplicitlyDenied'],
    ['denies passing another role', { action: 'iam:PassRole', resource: `arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN data preparation jobs run, nothing else does
    expect(decision).toBe(expected);
  });
});
