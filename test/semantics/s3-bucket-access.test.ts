import { policiesFor, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role with S3BucketAccess on two buckets, planned by the full engine.
const policies = policiesFor({
  Persona: 'Custom',
  Activities: ['S3BucketAccess'],
  S3Buckets: ['team-a-data', 'team-a-models'],
});

describe('S3BucketAccess', () => {
  it.each<DecisionCase>([
    ['allows reading an object of the first bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-a-data/train/part-0.csv' }, 'Allowed'],
    ['allows writing an object of the second bucket', { action: 's3:PutObject', resource: 'arn:aws:s3:::team-a-models/model.tar.gz' }, 'Allowed'],
    ['allows listing a given bucket', { action: 's3:ListBucket', resource: 'arn:aws:s3:::team-a-data' }, 'Allowed'],
    ['allows aborting a multipart upload', { action: 's3:AbortMultipartUpload', resource: 'arn:aws:s3:::team-a-data/big.parquet' }, 'Allowed'],
    ['denies another team\'s bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-b-data/train/part-0.csv' }, 'ImplicitlyDenied'],
    ['denies a bucket whose name only starts like a given one', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-a-data-archive/x.csv' }, 'ImplicitlyDenied'],
    ['denies listing another bucket', { action: 's3:ListBucket', resource: 'arn:aws:s3:::team-b-data' }, 'ImplicitlyDenied'],
    ['denies changing the bucket policy', { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::team-a-data' }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN only the named buckets' objects are reachable
    expect(decision).toBe(expected);
  });
});
