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
