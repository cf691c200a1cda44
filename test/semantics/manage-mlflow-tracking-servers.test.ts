import { policiesFor, sagemakerArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const SERVER_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-mlflow-server`;
const TEAM_A = sagemakerArn('mlflow-tracking-server/team-a');

// GIVEN (for every case) a Custom role that manages tracking servers and passes their service role.
const policies = policiesFor({ Persona: 'Custom', Activities: ['ManageMLflowTrackingServers'], PassRoles: [SERVER_ROLE] });

describe('ManageMLflowTrackingServers', () => {
  it.each<DecisionCase>([
    ['allows creating a tracking server', { action: 'sagemaker:CreateMlflowTrackingServer', resource: TEAM_A }, 'Allowed'],
    ['allows stopping it', { action: 'sagemaker:StopMlflowTrackingServer', resource: TEAM_A }, 'Allowed'],
    ['allows listing tracking servers', { action: 'sagemaker:ListMlflowTrackingServers', resource: '*' }, 'Allowed'],
    ['allows passing the server role to SageMaker', { action: 'iam:PassRole', resource: SERVER_ROLE, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'Allowed'],
    ['denies passing another role', { action: 'iam:PassRole', resource: `arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'ImplicitlyDenied'],
    ['denies reading the runs inside (that is UseMLflow)', { action: 'sagemaker-mlflow:GetRun', resource: TEAM_A }, 'ImplicitlyDenied'],
    ['denies a tracking server in another region', { action: 'sagemaker:DeleteMlflowTrackingServer', resource: 'arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/team-a' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN servers are managed, their contents are not reachable
    expect(decision).toBe(expected);
  });
});
