import { policiesFor, regionalArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const RUNTIME_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/emr-serverless-runtime`;
const APP = regionalArn('emr-serverless', '/applications/00fabc123def4567');
const passRole = (role: string, service: string) => ({
  action: 'iam:PassRole',
  resource: role,
  context: { 'iam:PassedToService': service },
});

// GIVEN (for every case) a Custom role that runs EMR Serverless applications from Studio.
const policies = policiesFor({ Persona: 'Custom', Activities: ['RunStudioEmrServerlessApps'], PassRoles: [RUNTIME_ROLE] });

describe('RunStudioEmrServerlessApps', () => {
  it.each<DecisionCase>([
    ['allows connecting a notebook through Livy', { action: 'emr-serverless:AccessLivyEndpoints', resource: APP }, 'Allowed'],
    ['allows starting an application', { action: 'emr-serverless:StartApplication', resource: APP }, 'Allowed'],
    ['allows opening a job run dashboard', { action: 'emr-serverless:GetDashboardForJobRun', resource: `${APP}/jobruns/00fjobrun0000001` }, 'Allowed'],
    ['allows passing the runtime role to EMR Serverless', passRole(RUNTIME_ROLE, 'emr-serverless.amazonaws.com'), 'Allowed'],
    ['denies passing the runtime role to SageMaker', passRole(RUNTIME_ROLE, 'sagemaker.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies passing another role', passRole(`arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, 'emr-serverless.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies an application in another region', { action: 'emr-serverless:AccessLivyEndpoints', resource: 'arn:aws:emr-serverless:eu-west-1:111122223333:/applications/00fabc123def4567' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN Studio reaches its applications and hands runtime roles to EMR Serverless only
    expect(decision).toBe(expected);
  });
});
