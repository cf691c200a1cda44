import { policiesFor, sagemakerArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a tracking server's own role with its artifact bucket.
const policies = policiesFor({
  Persona: 'Custom',
  Activities: ['AccessRequiredAwsServicesForMLflow'],
  S3Buckets: ['mlflow-artifacts'],
});

describe('AccessRequiredAwsServicesForMLflow', () => {
  it.each<DecisionCase>([
    ['allows writing artifacts', { action: 's3:PutObject', resource: 'arn:aws:s3:::mlflow-artifacts/1/run-1/artifacts/model.pkl' }, 'Allowed'],
    ['allows listing the artifact bucket', { action: 's3:ListBucket', resource: 'arn:aws:s3:::mlflow-artifacts' }, 'Allowed'],
    ['allows registering a model package group', { action: 'sagemaker:CreateModelPackageGroup', resource: sagemakerArn('model-package-group/churn') }, 'Allowed'],
    ['allows registering a model version', { action: 'sagemaker:CreateModelPackage', resource: sagemakerArn('model-package/churn') }, 'Allowed'],
    ['denies another bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-b-data/x.csv' }, 'ImplicitlyDenied'],
    ['denies deleting registry groups', { action: 'sagemaker:DeleteModelPackageGroup', resource: sagemakerArn('model-package-group/churn') }, 'ImplicitlyDenied'],
    ['denies starting training jobs', { action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/t1') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN the server reaches its artifact store and the registry only
    expect(decision).toBe(expected);
  });
});
