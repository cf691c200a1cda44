import { policiesFor, regionalArn, sagemakerArn, simulate, TEST_ACCOUNT, type DecisionCase } from '../support/simulate';

const RUNTIME_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/emr-serverless-runtime`;
const APP = regionalArn('emr-serverless', '/applications/00fabc123def4567');
const DOMAIN_ARN = sagemakerArn('domain/d-abcdefgh1234');
const SPACE_ARN = sagemakerArn('space/d-abcdefgh1234/alice-space');
/** The tags Studio puts on the applications it creates. */
const STUDIO_TAGGED = { 'aws:ResourceTag/sagemaker:domain-arn': DOMAIN_ARN };
const passRole = (role: string, service: string) => ({
  action: 'iam:PassRole',
  resource: role,
  context: { 'iam:PassedToService': service },
});
const createWithTags = (tags: Record<string, string>) => ({
  action: 'emr-serverless:CreateApplication',
  resource: '*',
  context: {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': Object.keys(tags),
  },
});

// GIVEN (for every case) a Custom role that runs EMR Serverless applications from Studio.
const policies = policiesFor({ Persona: 'Custom', Activities: ['RunStudioEmrServerlessApps'], PassRoles: [RUNTIME_ROLE] });

describe('RunStudioEmrServerlessApps', () => {
  it.each<DecisionCase>([
    ['allows connecting a notebook through Livy to a Studio application', { action: 'emr-serverless:AccessLivyEndpoints', resource: APP, context: STUDIO_TAGGED }, 'Allowed'],
    ['allows starting a Studio application', { action: 'emr-serverless:StartApplication', resource: APP, context: STUDIO_TAGGED }, 'Allowed'],
    ['allows creating an application with Studio\'s tags', createWithTags({ 'sagemaker:domain-arn': DOMAIN_ARN, 'sagemaker:space-arn': SPACE_ARN }), 'Allowed'],
    [
      'allows adding Studio\'s tags to a Studio application',
      { action: 'emr-serverless:TagResource', resource: APP, context: { ...STUDIO_TAGGED, 'aws:RequestTag/sagemaker:domain-arn': DOMAIN_ARN, 'aws:TagKeys': ['sagemaker:domain-arn'] } },
      'Allowed',
    ],
    ['allows opening a job run dashboard', { action: 'emr-serverless:GetDashboardForJobRun', resource: `${APP}/jobruns/00fjobrun0000001` }, 'Allowed'],
    ['allows passing the runtime role to EMR Serverless', passRole(RUNTIME_ROLE, 'emr-serverless.amazonaws.com'), 'Allowed'],
    ['denies passing the runtime role to SageMaker', passRole(RUNTIME_ROLE, 'sagemaker.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies passing another role', passRole(`arn:aws:iam::${TEST_ACCOUNT}:role/Admin`, 'emr-serverless.amazonaws.com'), 'ImplicitlyDenied'],
    ['denies an application in another region', { action: 'emr-serverless:AccessLivyEndpoints', resource: 'arn:aws:emr-serverless:eu-west-1:111122223333:/applications/00fabc123def4567', context: STUDIO_TAGGED }, 'ImplicitlyDenied'],
    // Over-grants removed (issue 9, defect 6): applications Studio did not create are out of reach.
    ['denies deleting an application Studio did not create', { action: 'emr-serverless:DeleteApplication', resource: APP }, 'ImplicitlyDenied'],
    ['denies starting an application Studio did not create', { action: 'emr-serverless:StartApplication', resource: APP }, 'ImplicitlyDenied'],
    ['denies updating any application', { action: 'emr-serverless:UpdateApplication', resource: APP, context: STUDIO_TAGGED }, 'ImplicitlyDenied'],
    [
      'denies tagging an untagged application into Studio\'s reach',
      { action: 'emr-serverless:TagResource', resource: APP, context: { 'aws:RequestTag/sagemaker:domain-arn': DOMAIN_ARN, 'aws:TagKeys': ['sagemaker:domain-arn'] } },
      'ImplicitlyDenied',
    ],
    [
      'denies adding other tags to a Studio application',
      { action: 'emr-serverless:TagResource', resource: APP, context: { ...STUDIO_TAGGED, 'aws:RequestTag/sagemaker:domain-arn': DOMAIN_ARN, 'aws:RequestTag/team': 'b', 'aws:TagKeys': ['sagemaker:domain-arn', 'team'] } },
      'ImplicitlyDenied',
    ],
    ['denies creating an application without Studio\'s tags', createWithTags({ team: 'a' }), 'ImplicitlyDenied'],
    ['denies creating an untagged application', { action: 'emr-serverless:CreateApplication', resource: '*' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN Studio reaches its own applications and hands runtime roles to EMR Serverless only
    expect(decision).toBe(expected);
  });
});
