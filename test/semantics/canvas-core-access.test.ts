import { policiesFor, sagemakerArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const CANVAS_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-canvas`;
const DEFAULT_BUCKET = `sagemaker-us-east-1-${TEST_ACCOUNT}`;
const passRole = (role: string, service: string) => ({
  action: 'iam:PassRole',
  resource: role,
  context: { 'iam:PassedToService': service },
});
const CANVAS_MODEL = { 'sagemaker:ModelArn': sagemakerArn('model/canvas-churn-model') };

// GIVEN (for every case) a Custom role with CanvasCoreAccess passing the Canvas execution role.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasCoreAccess'], PassRoles: [CANVAS_ROLE] });

describe('CanvasCoreAccess', () => {
  it.each<DecisionCase>([
    ['allows building a model with an AutoML V2 job', { action: 'sagemaker:CreateAutoMLJobV2', resource: sagemakerArn('automl-job/canvas1700000000000') }, 'Allowed'],
    ['allows a batch prediction with a Canvas model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/canvas-batch-churn-1'), context: CANVAS_MODEL }, 'Allowed'],
    ['denies a batch prediction with another model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/canvas-batch-churn-1'), context: { 'sagemaker:ModelArn': sagemakerArn('model/prod-fraud') } }, 'ImplicitlyDenied'],
    ['denies a batch prediction that names no model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/canvas-batch-churn-1') }, 'ImplicitlyDenied'],
    ['allows creating a Canvas model', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/canvas-churn-model') }, 'Allowed'],
    ['allows writing the default bucket', { action: 's3:PutObject', resource: `arn:aws:s3:::${DEFAULT_BUCKET}/Canvas/dataset.csv` }, 'Allowed'],
    ['allows passing the Canvas role to SageMaker', passRole(CANVAS_ROLE, 'sagemaker.amazonaws.com'), 'Allowed'],
    ['denies creating a model not named by Canvas', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/prod-fraud') }, 'ImplicitlyDenied'],
    ['denies another bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-b-data/x.csv' }, 'ImplicitlyDenied'],
    ['denies passing the role to another service', passRole(CANVAS_ROLE, 'glue.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies passing another role', passRole(`arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, 'sagemaker.amazonaws.com'), 'ImplicitlyDenied'],
    // Defect 2: what AWS's Core Access policy lets Canvas do is there.
    ['allows an in-app endpoint for real-time predictions', { action: 'sagemaker:CreateEndpoint', resource: sagemakerArn('endpoint/canvas-churn-ep') }, 'Allowed'],
    ['allows invoking it', { action: 'sagemaker:InvokeEndpoint', resource: sagemakerArn('endpoint/canvas-churn-ep') }, 'Allowed'],
    ['allows a Canvas training job', { action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/canvas-custom-1') }, 'Allowed'],
    ['allows a Canvas compilation job', { action: 'sagemaker:CreateCompilationJob', resource: sagemakerArn('compilation-job/canvas-neo-1') }, 'Allowed'],
    ['allows registering a model version', { action: 'sagemaker:CreateModelPackage', resource: sagemakerArn('model-package/churn/1') }, 'Allowed'],
    ['allows the jobs to write their logs', { action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs:log-stream:canvas-1/algo-1` }, 'Allowed'],
    ['allows reading its own execution role', { action: 'iam:GetRole', resource: CANVAS_ROLE }, 'Allowed'],
    ['allows importing from the Glue Data Catalog', { action: 'glue:GetTables', resource: `arn:aws:glue:us-east-1:${TEST_ACCOUNT}:database/sales` }, 'Allowed'],
    ['allows a Redshift import as the sagemaker_access user', { action: 'redshift:GetClusterCredentials', resource: `arn:aws:redshift:us-east-1:${TEST_ACCOUNT}:dbuser:analytics/sagemaker_access_canvas` }, 'Allowed'],
    ['denies Redshift credentials of another database user', { action: 'redshift:GetClusterCredentials', resource: `arn:aws:redshift:us-east-1:${TEST_ACCOUNT}:dbuser:analytics/admin` }, 'ImplicitlyDenied'],
    ['allows its own connection secrets', { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:AmazonSageMaker-snowflake-AbCdEf` }, 'Allowed'],
    ['denies other secrets', { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:prod/db-AbCdEf` }, 'ImplicitlyDenied'],
    ['denies reading another role', { action: 'iam:GetRole', resource: `arn:aws:iam::${TEST_ACCOUNT}:role/Admin` }, 'ImplicitlyDenied'],
    // Defect 1: nothing that is not Canvas's escapes ManageMLJobs' VPC/KMS conditions.
    ['denies an AutoML job not named by Canvas', { action: 'sagemaker:CreateAutoMLJobV2', resource: sagemakerArn('automl-job/prod-churn') }, 'ImplicitlyDenied'],
    ['denies a training job not named by Canvas', { action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/prod-train') }, 'ImplicitlyDenied'],
    ['denies a processing job not named by Canvas', { action: 'sagemaker:CreateProcessingJob', resource: sagemakerArn('processing-job/prod-etl') }, 'ImplicitlyDenied'],
    ['denies a transform job not named by Canvas, even with a Canvas model', { action: 'sagemaker:CreateTransformJob', resource: sagemakerArn('transform-job/prod-batch'), context: CANVAS_MODEL }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN Canvas can build and predict with its own resources and nothing else
    expect(decision).toBe(expected);
  });
});
