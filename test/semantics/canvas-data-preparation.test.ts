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
    // Defect 1: only Canvas's data preparation jobs, so no other job escapes ManageMLJobs' VPC/KMS conditions.
    ['denies a processing job not named by Canvas', { action: 'sagemaker:CreateProcessingJob', resource: sagemakerArn('processing-job/prod-etl') }, 'ImplicitlyDenied'],
    ['denies a processing job named like a Canvas model job', { action: 'sagemaker:CreateProcessingJob', resource: sagemakerArn('processing-job/canvas-train-1') }, 'ImplicitlyDenied'],
    // Defect 2: scheduling, Feature Store export and EMR Serverless, as AWS's Data Preparation policy allows.
    ['allows a schedule rule tagged as Canvas data preparation', { action: 'events:PutRule', resource: `arn:aws:events:us-east-1:${TEST_ACCOUNT}:rule/canvas-dp-daily`, context: { 'aws:RequestTag/sagemaker:is-canvas-data-prep-job': 'true' } }, 'Allowed'],
    ['denies an untagged schedule rule', { action: 'events:PutRule', resource: `arn:aws:events:us-east-1:${TEST_ACCOUNT}:rule/other` }, 'ImplicitlyDenied'],
    ['allows pointing its rule at the pipeline', { action: 'events:PutTargets', resource: `arn:aws:events:us-east-1:${TEST_ACCOUNT}:rule/canvas-dp-daily`, context: { 'aws:ResourceTag/sagemaker:is-canvas-data-prep-job': 'true' } }, 'Allowed'],
    ['allows passing the job role to EventBridge', { action: 'iam:PassRole', resource: JOB_ROLE, context: { 'iam:PassedToService': 'events.amazonaws.com' } }, 'Allowed'],
    ['allows the scheduled pipeline', { action: 'sagemaker:CreatePipeline', resource: sagemakerArn('pipeline/canvas-data-prep-daily') }, 'Allowed'],
    ['denies other pipelines', { action: 'sagemaker:StartPipelineExecution', resource: sagemakerArn('pipeline/prod-train') }, 'ImplicitlyDenied'],
    ['allows exporting to a new feature group', { action: 'sagemaker:CreateFeatureGroup', resource: sagemakerArn('feature-group/customers') }, 'Allowed'],
    ['allows a Canvas EMR Serverless application', { action: 'emr-serverless:CreateApplication', resource: '*', context: { 'aws:RequestTag/sagemaker:is-canvas-resource': 'True' } }, 'Allowed'],
    ['denies an EMR Serverless application Canvas did not tag', { action: 'emr-serverless:UpdateApplication', resource: `arn:aws:emr-serverless:us-east-1:${TEST_ACCOUNT}:/applications/00f1` }, 'ImplicitlyDenied'],
    ['denies passing another role', { action: 'iam:PassRole', resource: `arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN data preparation jobs run, nothing else does
    expect(decision).toBe(expected);
  });
});
