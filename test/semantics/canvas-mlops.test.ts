import { policiesFor, sagemakerArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role with CanvasMLOps only.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasMLOps'] });

describe('CanvasMLOps', () => {
  it.each<DecisionCase>([
    // Defect 2: the invocation metrics of a deployment, as AWS's DirectDeploy policy allows.
    ['allows reading the deployment\'s invocation metrics', { action: 'cloudwatch:GetMetricData', resource: '*' }, 'Allowed'],
    ['allows registering a model package group', { action: 'sagemaker:CreateModelPackageGroup', resource: sagemakerArn('model-package-group/canvas-churn') }, 'Allowed'],
    ['allows registering a model version', { action: 'sagemaker:CreateModelPackage', resource: sagemakerArn('model-package/canvas-churn') }, 'Allowed'],
    ['allows deploying to a Canvas endpoint', { action: 'sagemaker:CreateEndpoint', resource: sagemakerArn('endpoint/canvas-churn-endpoint') }, 'Allowed'],
    ['allows invoking a Canvas endpoint', { action: 'sagemaker:InvokeEndpoint', resource: sagemakerArn('endpoint/canvas-churn-endpoint') }, 'Allowed'],
    ['allows creating the Canvas model to host', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/canvas-churn-model') }, 'Allowed'],
    ['denies creating other models', { action: 'sagemaker:CreateModel', resource: sagemakerArn('model/prod-fraud') }, 'ImplicitlyDenied'],
    ['denies deploying to a production endpoint', { action: 'sagemaker:CreateEndpoint', resource: sagemakerArn('endpoint/prod-fraud') }, 'ImplicitlyDenied'],
    ['denies deleting a production endpoint', { action: 'sagemaker:DeleteEndpoint', resource: sagemakerArn('endpoint/prod-fraud') }, 'ImplicitlyDenied'],
    ['denies deleting registry groups', { action: 'sagemaker:DeleteModelPackageGroup', resource: sagemakerArn('model-package-group/canvas-churn') }, 'ImplicitlyDenied'],
    ['denies an endpoint in another region', { action: 'sagemaker:InvokeEndpoint', resource: 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/canvas-churn-endpoint' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN Canvas registers and deploys its own models, never touching other endpoints
    expect(decision).toBe(expected);
  });
});
