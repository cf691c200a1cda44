import { policiesFor, sagemakerArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const CANVAS_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-canvas`;
const DEFAULT_BUCKET = `sagemaker-us-east-1-${TEST_ACCOUNT}`;
const passRole = (role: string, service: string) => ({
  action: 'iam:PassRole',
  resource: role,
  context: { 'iam:PassedToService': service },
});

// GIVEN (for every case) a Custom role with CanvasCoreAccess passing the Canvas execution role.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasCoreAccess'], PassRoles: [CANVAS_ROLE] });

describe('CanvasCoreAccess', () => {
  it.each<DecisionCase>([
    ['allows building a model with an AutoML V2 job', { action: 'sagemaker:CreateAutoMLJobV2', resource: sagemakerArn('automl-job/canvas1700000000000') }, 'Allowed'],
    ['allows a batch prediction with a Canvas model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/batch-churn-1'), context: { 'sagemaker:ModelArn': sagemakerArn('model/canvas-churn-model') } }, 'Allowed'],
    ['denies a batch prediction with another model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/batch-churn-1'), context: { 'sagemaker:ModelArn': sagemakerArn('model/prod-fraud') } }, 'ImplicitlyDenied'],
    ['denies a batch prediction that names no model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/batch-churn-1') }, 'ImplicitlyDenied'],
    ['allows creating a Canvas model', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/canvas-churn-model') }, 'Allowed'],
    ['allows writing the default bucket', { action: 's3:PutObject', resource: `arn:aws:s3:::${DEFAULT_BUCKET}/Canvas/dataset.csv` }, 'Allowed'],
    ['allows passing the Canvas role to SageMaker', passRole(CANVAS_ROLE, 'sagemaker.amazonaws.com'), 'Allowed'],
    ['denies creating a model not named by Canvas', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/prod-fraud') }, 'ImplicitlyDenied'],
    ['denies another bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-b-data/x.csv' }, 'ImplicitlyDenied'],
    ['denies passing the role to another service', passRole(CANVAS_ROLE, 'glue.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies passing another role', passRole(`arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, 'sagemaker.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies training jobs outside AutoML', { action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/canvas-train') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN Canvas can build and predict with its own resources and nothing else
    expect(decision).toBe(expected);
  });
});
