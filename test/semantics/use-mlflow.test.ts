import { policiesFor, sagemakerArn, simulate, type DecisionCase } from '../support/simulate';

const TEAM_A = sagemakerArn('mlflow-tracking-server/team-a');
const TEAM_B = sagemakerArn('mlflow-tracking-server/team-b');

describe('UseMLflow with named tracking servers', () => {
  // GIVEN (for every case) a Custom role with UseMLflow on the team-a tracking server.
  const policies = policiesFor({ Persona: 'Custom', Activities: ['UseMLflow'], MlflowTrackingServers: ['team-a'] });

  it.each<DecisionCase>([
    ['allows logging a run', { action: 'sagemaker-mlflow:CreateRun', resource: TEAM_A }, 'Allowed'],
    ['allows registering a model', { action: 'sagemaker-mlflow:CreateRegisteredModel', resource: TEAM_A }, 'Allowed'],
    ['allows opening the UI through a presigned URL', { action: 'sagemaker:CreatePresignedMlflowTrackingServerUrl', resource: TEAM_A }, 'Allowed'],
    ['allows searching experiments', { action: 'sagemaker-mlflow:SearchExperiments', resource: TEAM_A }, 'Allowed'],
    ['denies another team\'s tracking server', { action: 'sagemaker-mlflow:CreateRun', resource: TEAM_B }, 'ImplicitlyDenied'],
    ['denies a presigned URL to another team\'s server', { action: 'sagemaker:CreatePresignedMlflowTrackingServerUrl', resource: TEAM_B }, 'ImplicitlyDenied'],
    ['denies deleting the tracking server', { action: 'sagemaker:DeleteMlflowTrackingServer', resource: TEAM_A }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN experiments, runs and models are tracked on the named server only
    expect(decision).toBe(expected);
  });
});

describe('UseMLflow without named tracking servers', () => {
  // GIVEN (for every case) UseMLflow as the DataScientist persona selects it, without MlflowTrackingServers.
  const policies = policiesFor({ Persona: 'Custom', Activities: ['UseMLflow'] });

  it.each<DecisionCase>([
    ['allows any tracking server of the account and region', { action: 'sagemaker-mlflow:LogMetric', resource: TEAM_B }, 'Allowed'],
    ['denies a tracking server in another region', { action: 'sagemaker-mlflow:LogMetric', resource: 'arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/team-a' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated
    const decision = await simulate(policies, request);
    // THEN the grant stays within the role's own account and region
    expect(decision).toBe(expected);
  });
});
