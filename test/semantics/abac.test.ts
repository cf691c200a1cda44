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
  substituteVariables,
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
  UserIsolation: { S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' },
};

/** The role's documents as IAM evaluates them for a session of `user`. */
function policiesAs(user: string) {
  return policiesFor(PROPERTIES).map((doc) =>
    substituteVariables(doc, { 'sagemaker:DomainId': DOMAIN, 'sagemaker:UserProfileName': user }),
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
    ['allows alice her own S3 prefix', asAlice({ action: 's3:GetObject', resource: object('team-a/users/alice/train.csv') }), 'Allowed'],
    ['allows alice to write under her prefix', asAlice({ action: 's3:PutObject', resource: object('team-a/users/alice/out/model.tar.gz') }), 'Allowed'],
    ['allows alice to list her prefix', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: { 's3:prefix': 'team-a/users/alice/' } }), 'Allowed'],
    ['allows alice her own secret', asAlice({ action: 'secretsmanager:GetSecretValue', resource: secret('team-a/alice/db-AbCdEf') }), 'Allowed'],
    ['allows alice to stop her own training job', asAlice({ action: 'sagemaker:StopTrainingJob', resource: sagemakerArn('training-job/alice-xgb'), context: ownerTag('alice') }), 'Allowed'],
    ['denies alice bob\'s S3 prefix', asAlice({ action: 's3:GetObject', resource: object('team-a/users/bob/train.csv') }), 'ImplicitlyDenied'],
    ['denies alice listing bob\'s prefix', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, context: { 's3:prefix': 'team-a/users/bob/' } }), 'ImplicitlyDenied'],
    ['denies alice listing the whole bucket (every user\'s keys)', asAlice({ action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}` }), 'ImplicitlyDenied'],
    ['denies alice bob\'s secret', asAlice({ action: 'secretsmanager:GetSecretValue', resource: secret('team-a/bob/db-AbCdEf') }), 'ImplicitlyDenied'],
    ['denies alice bob\'s training job', asAlice({ action: 'sagemaker:StopTrainingJob', resource: sagemakerArn('training-job/bob-xgb'), context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['denies alice describing bob\'s training job', asAlice({ action: 'sagemaker:DescribeTrainingJob', resource: sagemakerArn('training-job/bob-xgb'), context: ownerTag('bob') }), 'ImplicitlyDenied'],
    ['denies alice a prefix that merely starts with her name', asAlice({ action: 's3:GetObject', resource: object('team-a/users/alice2/train.csv') }), 'ImplicitlyDenied'],
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
    const decision = await simulate(alicePolicies, { action: 's3:GetObject', resource: object('team-a/users/alice/train.csv') });
    // THEN the unresolvable ${aws:SourceIdentity} matches nothing
    expect(decision).toBe('ImplicitlyDenied');
  });

  it('lets bob reach his prefix with the very same role', async () => {
    // GIVEN the same role's documents, resolved for bob
    const bobPolicies = policiesAs('bob');
    // WHEN bob reads his own prefix
    const decision = await simulate(bobPolicies, {
      action: 's3:GetObject',
      resource: object('team-a/users/bob/train.csv'),
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
