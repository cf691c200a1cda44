// fast-check fuzz: malformed events and malformed property sets must get one
// FAILED answer with a reason of at most 4,096 bytes, make zero IAM write
// calls, and never throw or hang.
import fc from 'fast-check';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/handler';
import { MAX_RESPONSE_BYTES } from '../../lambda/response';
import { lambdaContext, RESPONSE_URL, simulateEvent, type Props } from '../support/cfn-events';
import { installFakeCloudFormation, type InstalledCfn } from '../support/cfn-state';
import { installFakeIam, type InstalledFake } from '../support/iam-fake';
import { silentLogger, VirtualClock } from '../support/provider-harness';

const VALID: Props = {
  Persona: 'Custom',
  Activities: ['ManageMLJobs'],
  RoleNameSuffix: 'fuzz',
  PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-compute'],
};

let installed: InstalledFake;
let cfn: InstalledCfn;
const bodies: string[] = [];
let handler: ReturnType<typeof createHandler>;
const clock = new VirtualClock();

beforeAll(() => {
  installed = installFakeIam();
  cfn = installFakeCloudFormation();
  handler = createHandler({
    iam: installed.client,
    cloudFormation: cfn.cfnClient,
    respond: async (_url, body) => {
      bodies.push(body);
    },
    clock,
    random: () => 0.5,
    logger: silentLogger(),
    env: {},
  });
});
afterAll(() => {
  installed.restore();
  cfn.restoreCfn();
});

async function runOnce(event: unknown): Promise<{ status: string; reason: string; bytes: number }> {
  const before = bodies.length;
  // CloudFormation's side: the (well-formed part of the) event's stack is in the state it is sent in.
  cfn.cfn.expectEvent(event);
  await handler(event as CloudFormationCustomResourceEvent, lambdaContext(60_000, clock.now));
  expect(bodies.length).toBe(before + 1);
  const raw = bodies[bodies.length - 1];
  const parsed = JSON.parse(raw) as { Status: string; Reason?: string };
  return { status: parsed.Status, reason: parsed.Reason ?? '', bytes: Buffer.byteLength(raw) };
}

// Text that stresses the size limit and escaping: long, multi-byte, control characters.
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
  fc.constantFrom('*', '?', '${aws:username}', '"quoted"', "it's", '\u0000', 'a'.repeat(5000), '🦜'.repeat(3000)),
);
const junk = fc.oneof(nastyText, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

/** One field of a valid event made wrong; ResponseURL kept so an answer is possible. */
const malformedEvent = fc
  .record({
    type: fc.constantFrom('Create', 'Update', 'Delete') as fc.Arbitrary<'Create' | 'Update' | 'Delete'>,
    field: fc.constantFrom('RequestType', 'StackId', 'RequestId', 'LogicalResourceId', 'ResourceProperties', 'ResourceType', 'PhysicalResourceId', 'OldResourceProperties'),
    mode: fc.constantFrom('delete', 'replace'),
    value: junk,
  })
  .filter(({ type, field }) => !(type === 'Create' && (field === 'PhysicalResourceId' || field === 'OldResourceProperties')) && !(type === 'Delete' && field === 'OldResourceProperties'))
  .map(({ type, field, mode, value }) => {
    const event: Record<string, unknown> = { ...simulateEvent(type, VALID, { physicalId: 'SageMaker-fuzz', oldProps: VALID }) };
    if (mode === 'delete') delete event[field];
    else event[field] = corrupt(field, value);
    return event;
  });

/** A value guaranteed invalid for the field, whatever the generator produced. */
function corrupt(field: string, value: unknown): unknown {
  switch (field) {
    case 'RequestType':
      return typeof value === 'string' && ['Create', 'Update', 'Delete'].includes(value) ? `${value}!` : value;
    case 'StackId':
      return typeof value === 'string' ? `not-an-arn/${value}` : value;
    case 'LogicalResourceId':
      return typeof value === 'string' ? `bad id ${value}` : value;
    case 'ResourceProperties':
    case 'OldResourceProperties':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : value;
    case 'RequestId':
    case 'PhysicalResourceId':
      return typeof value === 'string' ? `${value} with spaces` : value;
    default:
      return typeof value === 'string' ? '' : value;
  }
}

const bucketLike = fc.constantFrom('*', 'data-*', 'a?c', '${aws:username}', 'Upper-Case', 'x', '"q"', '..', 'a'.repeat(64), 'arn:aws:s3:::x');
const arnLike = fc.constantFrom('*', 'arn:aws:iam::*:role/x', 'arn:aws:iam::1:role/x', 'role/x', '${p}', 'arn:aws:kms:us-east-1:111122223333:alias/x');

/** A valid property set with exactly one property made invalid. */
const malformedProps: fc.Arbitrary<Props> = fc.oneof(
  fc.record({ S3Buckets: fc.array(bucketLike, { minLength: 1, maxLength: 4 }) }).map((p) => ({ ...VALID, Activities: ['ManageMLJobs', 'S3BucketAccess'], ...p })),
  fc.record({ PassRoles: fc.array(arnLike, { minLength: 1, maxLength: 3 }) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ Persona: nastyText.filter((s) => !['DataScientist', 'MLOps', 'ComputeRole', 'Custom'].includes(s)) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ Activities: fc.array(nastyText.filter((s) => !/^[A-Z]/.test(s)), { minLength: 1, maxLength: 3 }) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ MaxSessionDuration: fc.oneof(fc.integer({ max: 3599 }).map(String), fc.integer({ min: 43201 }).map(String), fc.constantFrom('1h', '', 'NaN', '3600.5')) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ RoleNameSuffix: fc.oneof(fc.constantFrom('', 'a b', 'x*', 'a'.repeat(60), 'ü')) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ VpcSubnetIds: fc.array(fc.constantFrom('subnet-*', 'sg-0abc', 'subnet', '${x}'), { minLength: 1, maxLength: 2 }) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ DataKmsKeyArns: fc.array(arnLike, { minLength: 1, maxLength: 2 }) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ Tags: fc.oneof(fc.constant('team=a'), fc.array(fc.record({ Key: fc.constantFrom('', 'aws:x', 'k'.repeat(200)), Value: fc.string({ maxLength: 5 }) }), { minLength: 1, maxLength: 2 })) }).map((p) => ({ ...VALID, ...p })),
  fc.record({ ManagedPolicyArns: fc.array(arnLike, { minLength: 1, maxLength: 2 }) }).map((p) => ({ ...VALID, ...p })),
  fc.dictionary(fc.stringMatching(/^[A-Z][a-z]{2,10}$/), junk, { minKeys: 1, maxKeys: 3 }).map((extra) => {
    const unknown: Props = {};
    for (const [k, v] of Object.entries(extra)) unknown[`${k}Zz`] = v;
    return { ...VALID, ...unknown };
  }),
);

describe('fuzz', () => {
  it('answers 6,000 malformed events with one FAILED each and no IAM write', async () => {
    await fc.assert(
      fc.asyncProperty(malformedEvent, async (event) => {
        // GIVEN a malformed event WHEN it is handled THEN one FAILED within 4 KB
        const res = await runOnce(event);
        expect(res.status).toBe('FAILED');
        expect(res.reason.length).toBeGreaterThan(0);
        expect(res.bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 6_000) },
    );
    expect(installed.fake.writes()).toEqual([]);
  });

  it('answers 6,000 malformed property sets on Create and Update with FAILED and no IAM call', async () => {
    await fc.assert(
      fc.asyncProperty(malformedProps, fc.constantFrom('Create', 'Update') as fc.Arbitrary<'Create' | 'Update'>, async (props, type) => {
        // GIVEN one invalid property WHEN the event is handled THEN FAILED before any IAM call
        const res = await runOnce(simulateEvent(type, props, { physicalId: 'SageMaker-fuzz', oldProps: VALID }));
        expect(res.status).toBe('FAILED');
        // Refused by validation, not by a missing confirmation.
        expect(res.reason).not.toMatch(/confirm/);
        expect(res.bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 6_000) },
    );
    expect(installed.fake.calls).toEqual([]);
  });

  it('does not throw, answer, or call anything when the ResponseURL is not CloudFormation\'s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk, fc.domain().map((d) => `https://${d}/signed?X-Amz-Signature=x`)), async (url) => {
        // GIVEN an event whose ResponseURL is not CloudFormation's response endpoint
        const before = bodies.length;
        const cfnCalls = cfn.cfn.calls.length;
        const event = { ...simulateEvent('Create', VALID), ResponseURL: typeof url === 'string' && url.startsWith('http') ? url : typeof url === 'string' ? `ftp://${url}` : url };
        // WHEN it is handled THEN it resolves without answering
        cfn.cfn.expectEvent(event);
        await expect(handler(event as CloudFormationCustomResourceEvent, lambdaContext())).resolves.toBeUndefined();
        expect(bodies.length).toBe(before);
        expect(cfn.cfn.calls.length).toBe(cfnCalls);
      }),
      { numRuns: 500 },
    );
    expect(RESPONSE_URL.startsWith('https://')).toBe(true);
  });
});
