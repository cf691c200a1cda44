// The in-memory IAM is only worth testing against if it enforces IAM's rules:
// each rule here must reject with the SDK exception class IAM's client throws.
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { FakeIam, LIMITS } from '../support/iam-fake';
import { parseQuery } from '../support/iam-http';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (resource: unknown, padding = 0) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource, Sid: 'x'.repeat(padding) || undefined }] });

async function withRole(fake: FakeIam, name = 'SageMaker-r'): Promise<void> {
  await fake.handle('CreateRole', { RoleName: name, AssumeRolePolicyDocument: TRUST });
}

type Rule = [name: string, act: (fake: FakeIam) => Promise<unknown>, error: new (...args: never[]) => Error, message?: RegExp];

const rules: Rule[] = [
  ['role name with a space', (f) => f.handle('CreateRole', { RoleName: 'a b', AssumeRolePolicyDocument: TRUST }), IAMServiceException, /roleName/],
  ['role name over 64 characters', (f) => f.handle('CreateRole', { RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: TRUST }), IAMServiceException],
  ['duplicate role name, other case', async (f) => { await withRole(f, 'SageMaker-A'); return f.handle('CreateRole', { RoleName: 'sagemaker-a', AssumeRolePolicyDocument: TRUST }); }, EntityAlreadyExistsException],
  ['trust policy that is not JSON', (f) => f.handle('CreateRole', { RoleName: 'SageMaker-r', AssumeRolePolicyDocument: '{' }), MalformedPolicyDocumentException],
  ['inline policy with a non-ARN resource', async (f) => { await withRole(f); return f.handle('PutRolePolicy', { RoleName: 'SageMaker-r', PolicyName: 'p', PolicyDocument: doc('my-bucket') }); }, MalformedPolicyDocumentException, /ARN format/],
  ['inline policies over 10,240 characters', async (f) => {
    await withRole(f);
    await f.handle('PutRolePolicy', { RoleName: 'SageMaker-r', PolicyName: 'a', PolicyDocument: doc('*', 6000) });
    return f.handle('PutRolePolicy', { RoleName: 'SageMaker-r', PolicyName: 'b', PolicyDocument: doc('*', 6000) });
  }, LimitExceededException, /10240/],
  ['managed policy over 6,144 characters', (f) => f.handle('CreatePolicy', { PolicyName: 'SageMaker-p', PolicyDocument: doc('*', LIMITS.managedPolicyChars) }), LimitExceededException],
  ['eleventh attached policy', async (f) => {
    await withRole(f);
    for (let i = 0; i < 10; i++) {
      await f.handle('CreatePolicy', { PolicyName: `SageMaker-p${i}`, PolicyDocument: doc('*') });
      await f.handle('AttachRolePolicy', { RoleName: 'SageMaker-r', PolicyArn: f.policyArn(`SageMaker-p${i}`) });
    }
    await f.handle('CreatePolicy', { PolicyName: 'SageMaker-p10', PolicyDocument: doc('*') });
    return f.handle('AttachRolePolicy', { RoleName: 'SageMaker-r', PolicyArn: f.policyArn('SageMaker-p10') });
  }, LimitExceededException],
  ['sixth policy version', async (f) => {
    await f.handle('CreatePolicy', { PolicyName: 'SageMaker-p', PolicyDocument: doc('*') });
    for (let i = 0; i < 4; i++) await f.handle('CreatePolicyVersion', { PolicyArn: f.policyArn('SageMaker-p'), PolicyDocument: doc('*') });
    return f.handle('CreatePolicyVersion', { PolicyArn: f.policyArn('SageMaker-p'), PolicyDocument: doc('*') });
  }, LimitExceededException],
  ['deleting a role with an inline policy', async (f) => {
    await withRole(f);
    await f.handle('PutRolePolicy', { RoleName: 'SageMaker-r', PolicyName: 'p', PolicyDocument: doc('*') });
    return f.handle('DeleteRole', { RoleName: 'SageMaker-r' });
  }, DeleteConflictException],
  ['deleting a policy still attached', async (f) => {
    await withRole(f);
    await f.handle('CreatePolicy', { PolicyName: 'SageMaker-p', PolicyDocument: doc('*') });
    await f.handle('AttachRolePolicy', { RoleName: 'SageMaker-r', PolicyArn: f.policyArn('SageMaker-p') });
    return f.handle('DeletePolicy', { PolicyArn: f.policyArn('SageMaker-p') });
  }, DeleteConflictException],
  ['deleting the default version', async (f) => {
    await f.handle('CreatePolicy', { PolicyName: 'SageMaker-p', PolicyDocument: doc('*') });
    return f.handle('DeletePolicyVersion', { PolicyArn: f.policyArn('SageMaker-p'), VersionId: 'v1' });
  }, DeleteConflictException],
  ['reading a missing role', (f) => f.handle('GetRole', { RoleName: 'SageMaker-none' }), NoSuchEntityException],
  ['attaching a missing policy', async (f) => { await withRole(f); return f.handle('AttachRolePolicy', { RoleName: 'SageMaker-r', PolicyArn: f.policyArn('none') }); }, NoSuchEntityException],
  ['a reserved aws: tag key', (f) => f.handle('CreateRole', { RoleName: 'SageMaker-r', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'aws:x', Value: 'y' }] }), InvalidInputException],
  ['51 tags', (f) => f.handle('CreateRole', { RoleName: 'SageMaker-r', AssumeRolePolicyDocument: TRUST, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }), LimitExceededException],
  ['a session duration over 12 hours', (f) => f.handle('CreateRole', { RoleName: 'SageMaker-r', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43201 }), IAMServiceException],
];

describe('in-memory IAM rules', () => {
  // One argument per row: rows without a message must not look like a `done` callback to jest.
  it.each(rules.map((rule) => [rule[0], rule] as const))('rejects %s', async (_name, [, act, error, message]) => {
    // GIVEN an empty IAM WHEN the rule is broken THEN the SDK exception IAM would send
    const fake = new FakeIam();
    const attempt = act(fake);
    await expect(attempt).rejects.toBeInstanceOf(error);
    if (message) await expect(attempt).rejects.toThrow(message);
  });

  it('injects a one-shot fault, then behaves', async () => {
    // GIVEN a fault armed for GetRole
    const fake = new FakeIam();
    await withRole(fake);
    fake.serverError('GetRole');
    // WHEN GetRole is called twice THEN the first is a 500, the second succeeds
    await expect(fake.handle('GetRole', { RoleName: 'SageMaker-r' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    await expect(fake.handle('GetRole', { RoleName: 'SageMaker-r' })).resolves.toMatchObject({ Role: { RoleName: 'SageMaker-r' } });
  });

  it('hides a fresh role from the next calls when visibility lag is set', async () => {
    // GIVEN a lag of two calls
    const fake = new FakeIam();
    fake.visibilityLagCalls = 2;
    await withRole(fake);
    // WHEN the role is read three times THEN two misses, then found
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await fake.handle('GetRole', { RoleName: 'SageMaker-r' }).then(() => 'found', (e: Error) => e.name));
    expect(results).toEqual(['NoSuchEntityException', 'NoSuchEntityException', 'found']);
  });
});

describe('Query protocol parsing', () => {
  it('turns member lists and scalars into the SDK input shape', () => {
    // GIVEN a form body as the SDK sends it WHEN parsed THEN lists, numbers and booleans are typed
    const body = 'Action=CreateRole&Version=2010-05-08&RoleName=r&MaxSessionDuration=7200&Tags.member.1.Key=a&Tags.member.1.Value=b&Tags.member.2.Key=c&Tags.member.2.Value=&TagKeys.member.1=x&SetAsDefault=true';
    expect(parseQuery(body)).toEqual({
      action: 'CreateRole',
      input: { RoleName: 'r', MaxSessionDuration: 7200, Tags: [{ Key: 'a', Value: 'b' }, { Key: 'c', Value: '' }], TagKeys: ['x'], SetAsDefault: true },
    });
  });
});
