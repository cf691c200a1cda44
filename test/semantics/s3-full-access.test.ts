import { policiesFor, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role with only S3FullAccess, planned by the full engine.
const policies = policiesFor({ Persona: 'Custom', Activities: ['S3FullAccess'] });

describe('S3FullAccess', () => {
  it.each<DecisionCase>([
    ['allows reading any bucket\'s objects', { action: 's3:GetObject', resource: 'arn:aws:s3:::any-team-bucket/data.csv' }, 'Allowed'],
    ['allows writing any bucket\'s objects', { action: 's3:PutObject', resource: 'arn:aws:s3:::another-bucket/out/model.tar.gz' }, 'Allowed'],
    ['allows listing any bucket', { action: 's3:ListBucket', resource: 'arn:aws:s3:::any-team-bucket' }, 'Allowed'],
    ['allows listing the buckets of the account', { action: 's3:ListAllMyBuckets', resource: '*' }, 'Allowed'],
    ['denies changing a bucket policy', { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::any-team-bucket' }, 'ImplicitlyDenied'],
    ['denies deleting a bucket', { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::any-team-bucket' }, 'ImplicitlyDenied'],
    ['denies turning off default encryption', { action: 's3:PutEncryptionConfiguration', resource: 'arn:aws:s3:::any-team-bucket' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN it is decided as the activity promises: data everywhere, configuration nowhere
    expect(decision).toBe(expected);
  });
});

describe('S3FullAccess in a shared role with UserIsolation.S3Prefix', () => {
  // GIVEN the same activity in a role isolated per Studio user (ABAC). aws:SourceIdentity
  // is a global key the simulator keeps, so it is passed as request context.
  const isolated = policiesFor({ Persona: 'Custom', Activities: ['S3FullAccess'], UserIsolation: { S3Prefix: 'users' } });
  const asAlice = (action: string, resource: string, context: Record<string, string> = {}) => ({
    action,
    resource,
    context: { 'aws:SourceIdentity': 'alice', ...context },
  });

  it.each<DecisionCase>([
    ['allows alice her prefix in any bucket', asAlice('s3:GetObject', 'arn:aws:s3:::any-team-bucket/users/alice/data.csv'), 'Allowed'],
    ['allows alice to list her prefix', asAlice('s3:ListBucket', 'arn:aws:s3:::any-team-bucket', { 's3:prefix': 'users/alice/' }), 'Allowed'],
    ['denies alice bob\'s prefix', asAlice('s3:GetObject', 'arn:aws:s3:::any-team-bucket/users/bob/data.csv'), 'ImplicitlyDenied'],
    ['denies alice objects outside the user prefixes', asAlice('s3:PutObject', 'arn:aws:s3:::any-team-bucket/shared/model.tar.gz'), 'ImplicitlyDenied'],
    ['denies alice listing bob\'s prefix', asAlice('s3:ListBucket', 'arn:aws:s3:::any-team-bucket', { 's3:prefix': 'users/bob/' }), 'ImplicitlyDenied'],
    ['denies alice the multipart upload listing of a whole bucket', asAlice('s3:ListBucketMultipartUploads', 'arn:aws:s3:::any-team-bucket'), 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the isolated role's policies
    const decision = await simulate(isolated, request);
    // THEN full access shrinks to the caller's own prefix
    expect(decision).toBe(expected);
  });
});
