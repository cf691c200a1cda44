// User-level isolation in one shared role (the ABAC seed article): Studio
// stamps each session with the user's profile name as its source identity and
// tags what it creates with the user's profile ARN. One role, planned once by
// the full engine; requests made as alice must reach her things and not bob's.
//
// The simulator drops `sagemaker:DomainId` and `sagemaker:UserProfileName` from
// the request context (its data does not list them for these actions), so those
// two policy variables are substituted with alice's values in the documents
// before simulating. `aws:SourceIdentity` is a global key the simulator keeps,
// so it is passed as request context and resolved by the simulator itself.

import {
  policiesFor,
  regionalArn,
  sagemakerArn,
  simulate,
  resolveDroppedContext,
  TEST_ACCOUNT,
  TEST_CONTEXT,
  type DecisionCase,
  type SimulationRequest,
} from '../support/simulate';
import { planRole } from '../../src/policy-engine/plan';

const DOMAIN = 'd-abc123def456';
const BUCKET = 'ml-shared';
const PROPERTIES = {
  Persona: 'Custom',
  Activities: ['ManageMLJobs', 'S3BucketAccess'],
  PassRoles: [`arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-compute`],
  S3Buckets: [BUCKET],
  UserIsolation: { DomainId: DOMAIN, S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' },
};

/** The role's documents as IAM evaluates them for a session of `user` from Studio domain `domain`. */
function policiesAs(user: string, properties: Record<string, unknown> = PROPERTIES, domain = DOMAIN) {
  return policiesFor(properties).map((doc) =>
    resolveDroppedContext(doc, { 'sagemaker:DomainId': domain, 'sagemaker:UserProfileName': user }),
  );
}

/** A request made from alice's Studio session. */
function asAlice(request: SimulationRequest): SimulationRequest {
  return { ...request, context: { 'aws:SourceIdentity': 'alice', ...request.context } };
}

const ownerTag = (user: string) => ({
  'sagemaker:ResourceTag/sagemaker:user-profile-arn': sagemakerArn(`user-profile/${DOMAIN}/${user}`),
});
const object = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
const secret = (name: string) => regionalArn('secretsmanager', `secret:${name}`);

describe('ABAC: alice in a role shared with bob', () => {
  const alicePolicies = policiesAs('alice');

  it.each<DecisionCase>([
    ['allows alice her own S3 prefix', asAlice({ action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/alice/train.csv`) }), 'Allowed'],
    ['allows alice to write under her prefix', asAlice({ action: 's3:PutObject', resource: object(`team-a/users/${DOMAIN}/alice/out/model.tar.gz`) }), 'Allowed'],
    ['allows alice to list her prefix', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: { 's3:prefix': `team-a/users/${DOMAIN}/alice/` } }), 'Allowed'],
    ['allows alice her own secret', asAlice({ action: 'secretsmanager:GetSecretValue', resource: secret(`team-a/${DOMAIN}/alice/db-AbCdEf`) }), 'Allowed'],
    ['allows alice to stop her own training job', asAlice({ action: 'sagemaker:StopTrainingJob', resource: sagemakerArn('training-job/alice-xgb'), context: ownerTag('alice') }), 'Allowed'],
    ['denies alice bob\'s S3 prefix', asAlice({ action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/bob/train.csv`) }), 'ImplicitlyDenied'],
    ['denies alice listing bob\'s prefix', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: { 's3:prefix': `team-a/users/${DOMAIN}/bob/` } }), 'ImplicitlyDenied'],
    ['denies alice listing the whole bucket (every user\'s keys)', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}` }), 'ImplicitlyDenied'],
    ['denies alice bob\'s secret', asAlice({ action: 'secretsmanager:GetSecretValue', resource: secret(`team-a/${DOMAIN}/bob/db-AbCdEf`) }), 'ImplicitlyDenied'],
    ['denies alice bob\'s training job', asAlice({ action: 'sagemaker:StopTrainingJob', resource: sagemakerArn('training-job/bob-xgb'), context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['denies alice describing bob\'s training job', asAlice({ action: 'sagemaker:DescribeTrainingJob', resource: sagemakerArn('training-job/bob-xgb'), context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['denies alice a prefix that merely starts with her name', asAlice({ action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/alice2/train.csv`) }), 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // GIVEN the shared role's documents as they resolve for alice's session
    // WHEN alice's request is simulated
    const decision = await simulate(alicePolicies, request);
    // THEN she reaches her own prefix, secret and jobs, never bob's
    expect(decision).toBe(expected);
  });

  it('denies object access to a session without a source identity', async () => {
    // GIVEN the shared role, and a session that never set a source identity
    // WHEN it reads any user's prefix
    const decision = await simulate(alicePolicies, { action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/alice/train.csv`) });
    // THEN the unresolvable ${aws:SourceIdentity} matches nothing
    expect(decision).toBe('ImplicitlyDenied');
  });

  it('lets bob reach his prefix with the very same role', async () => {
    // GIVEN the same role's documents, resolved for bob
    const bobPolicies = policiesAs('bob');
    // WHEN bob reads his own prefix
    const decision = await simulate(bobPolicies, {
      action: 's3:GetObject',
      resource: object(`team-a/users/${DOMAIN}/bob/train.csv`),
      context: { 'aws:SourceIdentity': 'bob' },
    });
    // THEN it is allowed: isolation comes from the session, not from per-user roles
    expect(decision).toBe('Allowed');
  });

  it('trusts SageMaker to set the source identity', () => {
    // GIVEN the ABAC role WHEN planned
    const plan = planRole(PROPERTIES, TEST_CONTEXT);
    // THEN its trust policy allows sts:SetSourceIdentity next to sts:AssumeRole
    expect(plan.trustPolicy.Statement[0].Action).toEqual(expect.arrayContaining(['sts:AssumeRole', 'sts:SetSourceIdentity']));
  });
});

// The leaks found by playing alice against bob before UserIsolation classified
// every action (issue 10), each replayed on a role with every isolatable
// SageMaker activity: each must now be denied.
describe('ABAC: alice cannot reach bob\'s work through any activity of a shared role', () => {
  const SHARED = {
    Persona: 'Custom',
    Activities: [
      'RunStudioApps',
      'ManageMLJobs',
      'ManageModels',
      'ManageEndpoints',
      'ManagePipelines',
      'ManageExperiments',
      'SearchVisualizeExperiments',
      'ManageModelMonitoring',
      'S3BucketAccess',
    ],
    PassRoles: [`arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-compute`],
    S3Buckets: [BUCKET],
    UserIsolation: { DomainId: DOMAIN, S3Prefix: 'studio/users', SecretsPrefix: 'team-a' },
  };
  const alice = policiesAs('alice', SHARED);
  const profile = (user: string) => sagemakerArn(`user-profile/${DOMAIN}/${user}`);
  const createdAs = (user: string) => ({
    'aws:RequestTag/sagemaker:user-profile-arn': profile(user),
    'aws:TagKeys': ['sagemaker:user-profile-arn'],
  });
  const execution = sagemakerArn('pipeline/bob-pipeline/execution/abc123def456');

  it.each<DecisionCase>([
    ['stop bob\'s pipeline execution', asAlice({ action: 'sagemaker:StopPipelineExecution', resource: execution }), 'ImplicitlyDenied'],
    ['retry bob\'s pipeline execution', asAlice({ action: 'sagemaker:RetryPipelineExecution', resource: execution }), 'ImplicitlyDenied'],
    ['read the definition of bob\'s pipeline execution', asAlice({ action: 'sagemaker:DescribePipelineDefinitionForExecution', resource: execution }), 'ImplicitlyDenied'],
    ['read bob\'s jobs through Search', asAlice({ action: 'sagemaker:Search', resource: '*' }), 'ImplicitlyDenied'],
    ['query lineage across users', asAlice({ action: 'sagemaker:QueryLineage', resource: '*' }), 'ImplicitlyDenied'],
    [
      'register an approved package (an approval usually deploys), even tagged as her own',
      asAlice({ action: 'sagemaker:CreateModelPackage', resource: sagemakerArn('model-package/bob-group/3'), context: { ...createdAs('alice'), 'sagemaker:ModelApprovalStatus': 'Approved' } }),
      'ImplicitlyDenied',
    ],
    [
      // IAM authorizes CreateModelPackage on the new package only: the group it joins cannot be checked, so it is not granted.
      'add a pending version to bob\'s model package group, tagged as her own',
      asAlice({ action: 'sagemaker:CreateModelPackage', resource: sagemakerArn('model-package/bob-group/4'), context: { ...createdAs('alice'), 'sagemaker:ModelApprovalStatus': 'PendingManualApproval' } }),
      'ImplicitlyDenied',
    ],
    [
      'tag a new model package while registering it (no CreateModelPackage tagging action)',
      asAlice({ action: 'sagemaker:AddTags', resource: sagemakerArn('model-package/alice-group/1'), context: { ...createdAs('alice'), 'sagemaker:TaggingAction': 'CreateModelPackage' } }),
      'ImplicitlyDenied',
    ],
    [
      'approve a package, even her own',
      asAlice({ action: 'sagemaker:UpdateModelPackage', resource: sagemakerArn('model-package/alice-group/1'), context: { ...ownerTag('alice'), 'sagemaker:ModelApprovalStatus': 'Approved' } }),
      'ImplicitlyDenied',
    ],
    ['create a trial in bob\'s experiment', asAlice({ action: 'sagemaker:CreateTrial', resource: sagemakerArn('experiment/bob-exp'), context: { ...createdAs('alice'), ...ownerTag('bob') } }), 'ImplicitlyDenied'],
    ['create an endpoint from bob\'s endpoint config', asAlice({ action: 'sagemaker:CreateEndpoint', resource: sagemakerArn('endpoint-config/bob-config'), context: { ...createdAs('alice'), ...ownerTag('bob') } }), 'ImplicitlyDenied'],
    ['create a training job tagged as bob\'s', asAlice({ action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/x'), context: createdAs('bob') }), 'ImplicitlyDenied'],
    [
      'tag a new job as bob\'s',
      asAlice({ action: 'sagemaker:AddTags', resource: sagemakerArn('training-job/x'), context: { ...createdAs('bob'), 'sagemaker:TaggingAction': 'CreateTrainingJob' } }),
      'ImplicitlyDenied',
    ],
    [
      'write under bob\'s prefix through a key that merely contains her own prefix',
      asAlice({ action: 's3:PutObject', resource: object(`studio/users/${DOMAIN}/bob/studio/users/${DOMAIN}/alice/x`) }),
      'ImplicitlyDenied',
    ],
    [
      'train on a file system (another user\'s directory cannot be told apart)',
      asAlice({ action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/x'), context: { ...createdAs('alice'), 'sagemaker:FileSystemId': 'fs-0123456789abcdef0' } }),
      'ImplicitlyDenied',
    ],
    // The same requests for her own resources still work.
    ['create a training job of her own', asAlice({ action: 'sagemaker:CreateTrainingJob', resource: sagemakerArn('training-job/x'), context: createdAs('alice') }), 'Allowed'],
    ['create a model package group of her own', asAlice({ action: 'sagemaker:CreateModelPackageGroup', resource: sagemakerArn('model-package-group/alice-group'), context: createdAs('alice') }), 'Allowed'],
    ['create a trial in her own experiment', asAlice({ action: 'sagemaker:CreateTrial', resource: sagemakerArn('experiment/alice-exp'), context: { ...createdAs('alice'), ...ownerTag('alice') } }), 'Allowed'],
    ['create an endpoint from her own endpoint config', asAlice({ action: 'sagemaker:CreateEndpoint', resource: sagemakerArn('endpoint-config/alice-config'), context: { ...createdAs('alice'), ...ownerTag('alice') } }), 'Allowed'],
    ['write under her own prefix', asAlice({ action: 's3:PutObject', resource: object(`studio/users/${DOMAIN}/alice/x`) }), 'Allowed'],
  ])('alice: %s', async (_name, request, expected) => {
    // GIVEN the shared role as it resolves for alice's session
    // WHEN the request is simulated
    const decision = await simulate(alice, request);
    // THEN only her own work is reachable
    expect(decision).toBe(expected);
  });
});

// A user profile name is unique only within its domain: "bob" of domain 2 is
// another person than "bob" of domain 1. Each domain's shared role names its
// domain (UserIsolation.DomainId), which goes into every per-user prefix,
// secret name and SageMaker owner check.
describe('ABAC across domains: a same-named profile of another domain is another user', () => {
  const OTHER = 'd-zyx987wvu654';
  const roleOf = (domain: string) => ({
    Persona: 'Custom',
    Activities: ['RunStudioApps', 'ManageMLJobs', 'S3BucketAccess'],
    PassRoles: [`arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-compute`],
    S3Buckets: [BUCKET],
    // The same prefixes and bucket in both domains: only the domain id tells the users apart.
    UserIsolation: { DomainId: domain, S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' },
  });
  /** bob of domain 2, in domain 2's own shared role. */
  const otherBob = policiesAs('bob', roleOf(OTHER), OTHER);
  /** bob of domain 2, in domain 1's role wrongly attached to domain 2 as well. */
  const otherBobInDomainOnesRole = policiesAs('bob', roleOf(DOMAIN), OTHER);
  const asBob = (request: SimulationRequest): SimulationRequest => ({ ...request, context: { 'aws:SourceIdentity': 'bob', ...request.context } });
  const bobsJob = sagemakerArn('training-job/bob-xgb');

  it.each<DecisionCase>([
    ['is denied domain 1 bob\'s S3 prefix', asBob({ action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/bob/train.csv`) }), 'ImplicitlyDenied'],
    ['is denied writing under domain 1 bob\'s prefix', asBob({ action: 's3:PutObject', resource: object(`team-a/users/${DOMAIN}/bob/x`) }), 'ImplicitlyDenied'],
    ['is denied listing domain 1 bob\'s prefix', asBob({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: { 's3:prefix': `team-a/users/${DOMAIN}/bob/` } }), 'ImplicitlyDenied'],
    ['is denied domain 1 bob\'s secret', asBob({ action: 'secretsmanager:GetSecretValue', resource: secret(`team-a/${DOMAIN}/bob/db-AbCdEf`) }), 'ImplicitlyDenied'],
    ['is denied domain 1 bob\'s training job', asBob({ action: 'sagemaker:StopTrainingJob', resource: bobsJob, context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['reaches their own prefix', asBob({ action: 's3:GetObject', resource: object(`team-a/users/${OTHER}/bob/train.csv`) }), 'Allowed'],
    ['reaches their own secret', asBob({ action: 'secretsmanager:GetSecretValue', resource: secret(`team-a/${OTHER}/bob/db-AbCdEf`) }), 'Allowed'],
    [
      'reaches their own training job',
      asBob({ action: 'sagemaker:StopTrainingJob', resource: bobsJob, context: { 'sagemaker:ResourceTag/sagemaker:user-profile-arn': sagemakerArn(`user-profile/${OTHER}/bob`) } }),
      'Allowed',
    ],
  ])('bob of another domain, in that domain\'s role, %s', async (_name, request, expected) => {
    // GIVEN domain 2's shared role as it resolves for its user bob WHEN the request is simulated
    // THEN domain 1's bob is another user
    expect(await simulate(otherBob, request)).toBe(expected);
  });

  it.each<DecisionCase>([
    ['domain 1 bob\'s training job', asBob({ action: 'sagemaker:StopTrainingJob', resource: bobsJob, context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['a presigned URL into domain 1 bob\'s Studio', asBob({ action: 'sagemaker:CreatePresignedDomainUrl', resource: sagemakerArn(`user-profile/${DOMAIN}/bob`) }), 'ImplicitlyDenied'],
    [
      'domain 1 bob\'s space',
      asBob({ action: 'sagemaker:DeleteSpace', resource: sagemakerArn(`space/${DOMAIN}/bob-space`), context: { 'sagemaker:OwnerUserProfileArn': sagemakerArn(`user-profile/${DOMAIN}/bob`) } }),
      'ImplicitlyDenied',
    ],
    [
      'a job tagged as domain 1 bob\'s',
      asBob({
        action: 'sagemaker:CreateTrainingJob',
        resource: sagemakerArn('training-job/x'),
        context: { 'aws:RequestTag/sagemaker:user-profile-arn': sagemakerArn(`user-profile/${DOMAIN}/bob`), 'aws:TagKeys': ['sagemaker:user-profile-arn'] },
      }),
      'ImplicitlyDenied',
    ],
  ])('domain 1\'s role attached to domain 2 gives bob of domain 2 nothing from SageMaker: %s', async (_name, request, expected) => {
    // GIVEN domain 1's role, used by a Studio session of domain 2 (sagemaker:DomainId is domain 2)
    // WHEN an owner-checked or created-as-owner request is simulated
    // THEN the owner checks, which require requests from domain 1, deny it
    expect(await simulate(otherBobInDomainOnesRole, request)).toBe(expected);
  });

  it('documented limit: domain 1\'s role attached to domain 2 still reaches domain 1 bob\'s prefix (S3 requests carry no domain)', async () => {
    // GIVEN domain 1's role used by bob of domain 2 WHEN he reads domain 1 bob's prefix
    const decision = await simulate(
      otherBobInDomainOnesRole,
      asBob({ action: 's3:GetObject', resource: object(`team-a/users/${DOMAIN}/bob/train.csv`) }),
    );
    // THEN IAM allows it: only the source identity reaches S3, so a role must serve one domain (README, Domains)
    expect(decision).toBe('Allowed');
  });
});
