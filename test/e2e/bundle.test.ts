// End to end: the BUILT bundle dist/lambda/index.js, loaded with Node's own
// require as the Lambda runtime loads it, its real SDK client pointed at a
// Query-protocol IAM on 127.0.0.1 (AWS_ENDPOINT_URL_IAM), confirming every
// event with a CloudFormation stand-in (AWS_ENDPOINT_URL_CLOUDFORMATION),
// answering to a real HTTP server standing in for the ResponseURL (loopback is
// accepted only through the test setting). Create -> Update -> Update
// (replacement) -> rollback -> cleanup Delete -> Delete.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { Attr, OwnershipTag, ProviderEnv } from '../../src/policy-engine/names';
import { FakeCloudFormation, startCloudFormationEndpoint } from '../support/cfn-state';
import type { QueryEndpoint } from '../support/iam-http';
import { simulateEvent, STACK_ID, LOGICAL_ID, type Props } from '../support/cfn-events';
import { type IamEndpoint, type RecordedPut, startIamEndpoint, startResponseServer } from '../support/iam-http';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/lambda/index.js');
const COMPUTE_ROLE = 'arn:aws:iam::111122223333:role/SageMaker-compute';
const P1: Props = { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'e2e-a', PassRoles: [COMPUTE_ROLE], Tags: [{ Key: 'team', Value: 'a' }] };
const P2: Props = { ...P1, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-batch'] };
const P3: Props = { ...P2, RoleNameSuffix: 'e2e-b' };

type LambdaHandler = (event: CloudFormationCustomResourceEvent, context: Context) => Promise<void>;

function lambdaContext(): Context {
  const end = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'persona-role-provider',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:persona-role-provider',
    memoryLimitInMB: '256',
    awsRequestId: 'lambda-req',
    logGroupName: '/aws/lambda/persona-role-provider',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => end - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe('built bundle end to end', () => {
  let iam: IamEndpoint;
  let cloudFormation: QueryEndpoint<FakeCloudFormation>;
  let responses: Awaited<ReturnType<typeof startResponseServer>>;
  let handler: LambdaHandler;
  const savedEnv = { ...process.env };
  const logLines: string[] = [];
  const realWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT });
    iam = await startIamEndpoint();
    cloudFormation = await startCloudFormationEndpoint();
    responses = await startResponseServer();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_IAM: iam.url,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
      [ProviderEnv.TestAllowLoopbackResponseUrl]: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDE2ETEST',
      AWS_SECRET_ACCESS_KEY: 'e2e-secret',
      AWS_SESSION_TOKEN: 'e2e-token',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    // Capture the bundle's structured logs to check what they contain.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logLines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    // Node's own require, not jest's module registry: the bundle loads exactly as Lambda loads it.
    handler = (createRequire(__filename)(BUNDLE) as { handler: LambdaHandler }).handler;
  });

  afterAll(async () => {
    process.stdout.write = realWrite;
    process.env = savedEnv;
    await iam.close();
    await cloudFormation.close();
    await responses.close();
  });

  async function invoke(event: CloudFormationCustomResourceEvent): Promise<{ put: RecordedPut; body: Record<string, unknown> }> {
    const before = responses.puts.length;
    // CloudFormation's side: the stack is in the state it sends this event in, and it records the answer.
    cloudFormation.fake.expectEvent(event);
    await handler(event, lambdaContext());
    expect(responses.puts.length).toBe(before + 1);
    const put = responses.puts[responses.puts.length - 1];
    cloudFormation.fake.observeAnswer(event, JSON.parse(put.body) as { Status: string; PhysicalResourceId: string });
    expect(put.method).toBe('PUT');
    expect(put.contentType).toBe('');
    expect(put.contentLength).toBe(String(Buffer.byteLength(put.body)));
    expect(Buffer.byteLength(put.body)).toBeLessThanOrEqual(4096);
    return { put, body: JSON.parse(put.body) as Record<string, unknown> };
  }

  const url = () => `${responses.url}/cfn-response?X-Amz-Signature=e2e-secret-signature`;

  it('runs the whole lifecycle through the bundle over HTTP', async () => {
    // GIVEN the built bundle and an empty IAM
    const fake = iam.fake;

    // WHEN Create
    const created = await invoke(simulateEvent('Create', P1, { responseUrl: url() }));
    // THEN the role exists with ownership tags and the attributes name it
    expect(created.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SageMaker-e2e-a', StackId: STACK_ID, LogicalResourceId: LOGICAL_ID });
    expect((created.body.Data as Record<string, string>)[Attr.Arn]).toBe('arn:aws:iam::111122223333:role/sagemaker-persona-role/SageMaker-e2e-a');
    expect(fake.roles.get('SageMaker-e2e-a')?.tags).toEqual(
      expect.arrayContaining([{ Key: OwnershipTag.StackId, Value: STACK_ID }, { Key: OwnershipTag.LogicalId, Value: LOGICAL_ID }]),
    );
    const afterCreate = fake.snapshot();

    // WHEN Update with one more pass role
    fake.clearCalls();
    const updated = await invoke(simulateEvent('Update', P2, { physicalId: 'SageMaker-e2e-a', oldProps: P1, responseUrl: url() }));
    // THEN the same role, one write
    expect(updated.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SageMaker-e2e-a' });
    expect(fake.writes().map((c) => c.command)).toEqual(['PutRolePolicy']);
    const afterUpdate = fake.snapshot();

    // WHEN Update changes RoleNameSuffix (replacement)
    const replaced = await invoke(simulateEvent('Update', P3, { physicalId: 'SageMaker-e2e-a', oldProps: P2, responseUrl: url() }));
    // THEN a new physical id, both roles exist until CloudFormation deletes the old one
    expect(replaced.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SageMaker-e2e-b' });
    expect([...fake.roles.keys()].sort()).toEqual(['SageMaker-e2e-a', 'SageMaker-e2e-b']);

    // WHEN the stack rolls back: Update with old properties and the new id
    const rolledBack = await invoke(simulateEvent('Update', P2, { physicalId: 'SageMaker-e2e-b', oldProps: P3, responseUrl: url() }));
    // THEN the old id again, and the old role is as it was
    expect(rolledBack.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SageMaker-e2e-a' });

    // WHEN CloudFormation cleans up the replacement role
    const cleanup = await invoke(simulateEvent('Delete', P3, { physicalId: 'SageMaker-e2e-b', responseUrl: url() }));
    // THEN it is gone and the old role matches its state before the replacement
    expect(cleanup.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SageMaker-e2e-b' });
    expect(fake.snapshot()).toEqual(afterUpdate);
    expect(afterUpdate).not.toEqual(afterCreate);

    // WHEN the stack is deleted
    const deleted = await invoke(simulateEvent('Delete', P2, { physicalId: 'SageMaker-e2e-a', responseUrl: url() }));
    // THEN nothing is left, and nothing untagged was ever written
    expect(deleted.body).toMatchObject({ Status: 'SUCCESS' });
    expect(fake.roles.size).toBe(0);
    expect(fake.policies.size).toBe(0);
    expect(fake.untaggedWrites).toEqual([]);
    expect(responses.puts).toHaveLength(6);
    // Every event was confirmed with CloudFormation over HTTP: two reads each, sent together; the Create asked
    // once more before answering whether the stack still waits for it (issue 12).
    expect(cloudFormation.fake.calls.map((c) => c.command).filter((c) => c === 'DescribeStacks')).toHaveLength(7);
    expect(cloudFormation.fake.calls).toHaveLength(14);
  });

  it('changes nothing for an event CloudFormation did not send', async () => {
    // GIVEN a role whose stack has settled
    const fake = iam.fake;
    const base: Props = { ...P1, RoleNameSuffix: 'e2e-forged' };
    await invoke(simulateEvent('Create', base, { responseUrl: url() }));
    fake.clearCalls();
    const before = fake.snapshot();
    // WHEN a forged Update arrives (not announced to the stand-in)
    const puts = responses.puts.length;
    await handler(simulateEvent('Update', { ...base, Activities: ['S3FullAccess'] }, { physicalId: 'SageMaker-e2e-forged', oldProps: base, responseUrl: url() }), lambdaContext());
    // THEN FAILED after CloudFormation denied it, and IAM saw nothing
    expect(JSON.parse(responses.puts[puts].body)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/did not confirm/) });
    expect(fake.calls).toEqual([]);
    expect(fake.snapshot()).toEqual(before);
    await invoke(simulateEvent('Delete', base, { physicalId: 'SageMaker-e2e-forged', responseUrl: url() }));
  });

  it('answers FAILED for invalid properties without calling IAM', async () => {
    // GIVEN invalid properties
    iam.fake.clearCalls();
    // WHEN Create
    const res = await invoke(simulateEvent('Create', { ...P1, S3Buckets: ['bucket-*'] }, { responseUrl: url() }));
    // THEN FAILED naming the property, and IAM saw nothing
    expect(res.body.Status).toBe('FAILED');
    expect(String(res.body.Reason)).toMatch(/S3Buckets\[0\]/);
    expect(iam.fake.calls).toEqual([]);
  });

  it('logs structured lines keyed by the event, never the ResponseURL', () => {
    // GIVEN the logs of the events above THEN they carry the keys and no signature
    const lines = logLines.join('').split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(first).toMatchObject({ StackId: STACK_ID, LogicalResourceId: LOGICAL_ID, RequestType: 'Create' });
    expect(first.RequestId).toEqual(expect.any(String));
    for (const line of lines) {
      expect(line).not.toContain('X-Amz-Signature');
      expect(line).not.toContain('e2e-secret');
      expect(line).not.toContain(COMPUTE_ROLE);
    }
  });
});
