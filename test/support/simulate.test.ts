import { allPoliciesOf, documentOf, resolveDroppedContext, simulate, substituteVariables, TEST_ACCOUNT } from './simulate';
import type { RolePlan } from '../../src/policy-engine/types';

const bucketRead = documentOf([
  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-data/*' },
]);

describe('simulate', () => {
  it.each([
    ['the granted object', 'arn:aws:s3:::team-a-data/train.csv', 'Allowed'],
    ['an object of another bucket', 'arn:aws:s3:::team-b-data/train.csv', 'ImplicitlyDenied'],
  ])('decides on %s', async (_case, resource, expected) => {
    // GIVEN a policy that reads one bucket WHEN an object is read THEN the simulator's decision comes back
    await expect(simulate([bucketRead], { action: 's3:GetObject', resource })).resolves.toBe(expected);
  });

  it('reports an explicit deny', async () => {
    // GIVEN an allow and a deny on the same object
    const deny = documentOf([{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-data/*' }]);
    // WHEN it is read THEN the deny wins
    await expect(
      simulate([bucketRead, deny], { action: 's3:GetObject', resource: 'arn:aws:s3:::team-a-data/x' }),
    ).resolves.toBe('ExplicitlyDenied');
  });

  it('throws on an unknown action instead of reading it as a deny', async () => {
    // GIVEN a misspelt action WHEN simulated THEN the test fails loudly
    await expect(simulate([bucketRead], { action: 's3:GetObjekt', resource: 'arn:aws:s3:::team-a-data/x' })).rejects.toThrow(
      /simulation of s3:GetObjekt/,
    );
  });

  it('throws when the simulator ignores a context key the test relies on', async () => {
    // GIVEN a SageMaker context key the simulator's data does not list for s3:GetObject
    const request = {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::team-a-data/x',
      context: { 'sagemaker:DomainId': 'd-abc' },
    };
    // WHEN simulated THEN the helper refuses, pointing at substituteVariables
    await expect(simulate([bucketRead], request)).rejects.toThrow(/substituteVariables/);
  });
});

describe('substituteVariables', () => {
  it('replaces only the named variables, in resources and condition values', () => {
    // GIVEN a document with two SageMaker variables and one global variable
    const doc = documentOf([
      {
        Effect: 'Allow',
        Action: 'sagemaker:DescribeTrainingJob',
        Resource: `arn:aws:sagemaker:us-east-1:${TEST_ACCOUNT}:training-job/*`,
        Condition: {
          StringLike: {
            'sagemaker:ResourceTag/sagemaker:user-profile-arn': 'arn:aws:sagemaker:*:*:user-profile/${sagemaker:DomainId}/${sagemaker:UserProfileName}',
            's3:prefix': 'users/${aws:SourceIdentity}/*',
          },
        },
      },
    ]);
    // WHEN the SageMaker ones are substituted
    const out = substituteVariables(doc, { 'sagemaker:DomainId': 'd-abc', 'sagemaker:UserProfileName': 'alice' });
    // THEN they are replaced and the global one stays for the simulator to resolve
    expect(out.Statement[0].Condition?.StringLike).toEqual({
      'sagemaker:ResourceTag/sagemaker:user-profile-arn': 'arn:aws:sagemaker:*:*:user-profile/d-abc/alice',
      's3:prefix': 'users/${aws:SourceIdentity}/*',
    });
    expect(doc.Statement[0].Condition?.StringLike?.['s3:prefix']).toBe('users/${aws:SourceIdentity}/*');
  });
});

describe('allPoliciesOf', () => {
  it('returns inline and owned managed documents', () => {
    // GIVEN a plan with one inline and one managed policy
    const managed = documentOf([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }]);
    const plan = {
      inlinePolicies: [{ name: 'inline', document: bucketRead }],
      managedPolicies: [{ name: 'SageMaker-x-1', document: managed }],
    } as Pick<RolePlan, 'inlinePolicies' | 'managedPolicies'> as RolePlan;
    // WHEN collected THEN both documents come back, inline first
    expect(allPoliciesOf(plan)).toEqual([bucketRead, managed]);
  });
});

describe('resolveDroppedContext', () => {
  const studio = { 'sagemaker:DomainId': 'd-abc', 'sagemaker:UserProfileName': 'alice' };
  const job = (condition: Record<string, Record<string, string | string[]>>) =>
    documentOf([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
      { Effect: 'Allow', Action: 'sagemaker:StopTrainingJob', Resource: `arn:aws:sagemaker:us-east-1:${TEST_ACCOUNT}:training-job/*`, Condition: condition },
    ]);

  it('drops a StringEquals on a Studio key that holds, keeping the statement and its other conditions', () => {
    // GIVEN a statement for requests from domain d-abc WHEN resolved for a session of d-abc
    const out = resolveDroppedContext(
      job({ StringEquals: { 'sagemaker:DomainId': 'd-abc', 'sagemaker:ResourceTag/sagemaker:user-profile-arn': 'p/d-abc/${sagemaker:UserProfileName}' } }),
      studio,
    );
    // THEN the key is decided and gone, the variable substituted, the rest kept
    expect(out.Statement[1].Condition).toEqual({ StringEquals: { 'sagemaker:ResourceTag/sagemaker:user-profile-arn': 'p/d-abc/alice' } });
  });

  it('drops the whole statement where the StringEquals cannot hold', () => {
    // GIVEN the same statement WHEN resolved for a session of another domain THEN IAM could never match it
    const out = resolveDroppedContext(job({ StringEquals: { 'sagemaker:DomainId': 'd-abc' } }), { ...studio, 'sagemaker:DomainId': 'd-other' });
    expect(out.Statement.map((s) => s.Action)).toEqual(['s3:GetObject']);
  });

  it('refuses other operators on those keys rather than skipping them', () => {
    expect(() => resolveDroppedContext(job({ StringLike: { 'sagemaker:DomainId': 'd-*' } }), studio)).toThrow(/StringLike on sagemaker:DomainId/);
  });
});
