import { documentOf, policiesFor, simulate, TEST_ACCOUNT, TEST_PARTITION, TEST_REGION, type DecisionCase } from '../support/simulate';
import { arnBuilder } from '../../src/policy-engine/arn';
import { PARAMETER_NAMES, type ParameterName } from '../../src/policy-engine/catalog';
import { s3FullAccess } from '../../src/policy-engine/catalog/activities/s3-full-access';

const EMPTY_PARAMS = Object.fromEntries(PARAMETER_NAMES.map((p) => [p, [] as string[]])) as unknown as Record<ParameterName, string[]>;

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

describe('S3FullAccess with UserIsolation', () => {
  it('is refused: IAM cannot anchor a per-user prefix at the root of every bucket', () => {
    // GIVEN a shared role asking for every bucket, isolated per user WHEN planned THEN it is refused, naming what to use instead
    expect(() => policiesFor({ Persona: 'Custom', Activities: ['S3FullAccess'], UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' } })).toThrow(
      /S3FullAccess.*cannot be combined with UserIsolation.*instead: S3BucketAccess/s,
    );
  });

  it('would otherwise let alice write under bob\'s prefix (why it is refused)', async () => {
    // GIVEN the statements the activity would grant for a per-user prefix in every bucket
    const arn = arnBuilder(TEST_PARTITION, TEST_REGION, TEST_ACCOUNT);
    const ctx = { arn, params: { ...EMPTY_PARAMS }, userIsolation: { domainId: 'd-abcdef123456', s3Prefix: 'users' } };
    const statements = s3FullAccess.statements(ctx).map((spec) => ({ Effect: 'Allow' as const, Action: [...spec.actions], Resource: [...spec.resources], ...(spec.conditions ? { Condition: spec.conditions } : {}) }));
    // WHEN alice writes a key inside bob's prefix that ends in hers
    const decision = await simulate([documentOf(statements)], {
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::shared-ml/users/d-abcdef123456/bob/users/d-abcdef123456/alice/x',
      context: { 'aws:SourceIdentity': 'alice' },
    });
    // THEN the bucket wildcard spans the key and allows it
    expect(decision).toBe('Allowed');
  });
});
