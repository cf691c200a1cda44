// Small pure pieces of the provider: stack context, configuration, retry
// classification and backoff, the deadline, ownership, and the reconciler diff.
import { ProviderEnv, OwnershipTag } from '../../src/policy-engine/names';
import type { RolePlan } from '../../src/policy-engine/types';
import { readConfig } from '../../lambda/config';
import { parseStackId } from '../../lambda/context';
import { Deadline } from '../../lambda/deadline';
import { DeadlineError } from '../../lambda/errors';
import type { ActualRole } from '../../lambda/iam-ops/read';
import { isOwnedBy } from '../../lambda/ownership';
import { countWrites, diffRole, documentJson } from '../../lambda/reconciler';
import { backoffMs, DEFAULT_RETRY, isRetryable, LAG_ATTEMPTS, withRetry } from '../../lambda/retry';
import { iamErrors } from '../support/iam-fake';
import { VirtualClock } from '../support/provider-harness';

describe('parseStackId', () => {
  it.each([
    ['arn:aws:cloudformation:us-east-1:111122223333:stack/ml/abc-1', { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 'ml' }],
    ['arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/S-1/x', { partition: 'aws-cn', region: 'cn-north-1', account: '111122223333', stackName: 'S-1' }],
    ['arn:aws-us-gov:cloudformation:us-gov-west-1:111122223333:stack/g/y', { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '111122223333', stackName: 'g' }],
  ])('reads %s', (stackId, expected) => {
    // GIVEN a stack ARN WHEN parsed THEN partition, region, account and name come from it
    expect(parseStackId(stackId)).toEqual({ ...expected, stackId });
  });

  it.each(['', 'arn:aws:cloudformation:us-east-1:1111:stack/ml/abc', 'arn:aws:s3:::bucket', 'arn:aws:cloudformation:us-east-1:111122223333:stack/ml'])(
    'refuses %j',
    (stackId) => {
      // GIVEN a malformed StackId WHEN parsed THEN the error names StackId
      expect(() => parseStackId(stackId)).toThrow(/StackId/);
    },
  );
});

describe('readConfig', () => {
  it('defaults to 10 attached policies and no boundary', () => {
    // GIVEN an empty environment WHEN read THEN defaults
    expect(readConfig({})).toEqual({ maxAttachedPolicies: 10, enforcedBoundary: undefined, guardrails: { allowedPassRoleArns: [], allowedS3BucketPatterns: [], allowedManagedPolicyArns: undefined } });
  });

  it.each([['0'], ['21'], ['1.5'], ['-3'], ['ten']])('refuses MAX_ATTACHED_POLICIES=%s', (value) => {
    // GIVEN an out-of-range value WHEN read THEN the error names the variable and the range
    expect(() => readConfig({ [ProviderEnv.MaxAttachedPolicies]: value })).toThrow(/MAX_ATTACHED_POLICIES.*1 to 20/);
  });

  it('accepts a boundary ARN and a raised quota', () => {
    // GIVEN both variables set WHEN read THEN both are used
    const env = { [ProviderEnv.MaxAttachedPolicies]: '20', [ProviderEnv.PermissionsBoundaryArn]: 'arn:aws:iam::111122223333:policy/b' };
    expect(readConfig(env)).toMatchObject({ maxAttachedPolicies: 20, enforcedBoundary: 'arn:aws:iam::111122223333:policy/b', guardrails: { permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b' } });
  });
});

describe('retry', () => {
  it.each([
    ['throttling', iamErrors.throttling(), 'none', true],
    ['service failure', iamErrors.serviceFailure(), 'none', true],
    ['NoSuchEntity on a settled role', iamErrors.noSuchEntity('x'), 'none', false],
    ['NoSuchEntity right after CreateRole', iamErrors.noSuchEntity('The role with name SageMaker-x cannot be found.'), 'fresh-role', true],
    ['missing policy right after CreateRole', iamErrors.noSuchEntity('Policy arn:aws:iam::1:policy/p does not exist or is not attachable.'), 'fresh-role', false],
    ['invalid principal on a fresh trust policy', iamErrors.malformed('Invalid principal in policy'), 'fresh-trust', true],
    ['other malformed documents', iamErrors.malformed('Syntax errors in policy.'), 'fresh-trust', false],
    ['limit exceeded', iamErrors.limitExceeded('x'), 'fresh-role', false],
  ] as const)('%s → retryable %s', (_name, err, consistency, expected) => {
    // GIVEN an error and the call's consistency window WHEN classified THEN as expected
    expect(isRetryable(err, consistency)).toBe(expected);
  });

  it('backs off exponentially with full jitter under the cap', () => {
    // GIVEN the default policy WHEN the maximum jitter is drawn THEN delays double up to the cap
    const delays = [0, 1, 2, 3, 10].map((a) => backoffMs(a, DEFAULT_RETRY, () => 0.999999));
    expect(delays).toEqual([99, 199, 399, 799, 4999]);
    expect(backoffMs(5, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  it('stops retrying when the next sleep would pass the deadline', async () => {
    // GIVEN a deadline 1 second away and a call that is always throttled
    const clock = new VirtualClock();
    const deadline = new Deadline(clock, 1_000, { hardMarginMs: 0, undoMarginMs: 0 });
    let attempts = 0;
    const call = () => {
      attempts++;
      return Promise.reject(iamErrors.throttling());
    };
    // WHEN retried THEN it gives up with the throttling error, never sleeping past the deadline
    await expect(withRetry({ clock, random: () => 0.999, deadline }, call)).rejects.toThrow('Rate exceeded');
    expect(clock.slept).toBeLessThan(1_000);
    expect(attempts).toBeGreaterThan(1);
  });

  it('waits for one entity\'s lag once per invocation, however many calls read it', async () => {
    // GIVEN an invocation's retry environment and a role that never appears
    const clock = new VirtualClock();
    const env = { clock, random: () => 0.5, deadline: new Deadline(clock, 300_000) };
    let reads = 0;
    const missing = () => {
      reads++;
      return Promise.reject(iamErrors.noSuchEntity('The role with name SageMaker-x cannot be found.'));
    };
    const read = (entity?: string) => withRetry(env, missing, { consistency: 'fresh-role', entity }).catch(() => 'gone');
    // WHEN two calls read it as fresh
    await read('role SageMaker-x');
    const first = reads;
    await read('role SageMaker-x');
    // THEN the first waits LAG_ATTEMPTS answers, the second takes its first NoSuchEntity as the answer
    expect(first).toBe(LAG_ATTEMPTS);
    expect(reads - first).toBe(1);
    // AND another entity, or a call that names none, has its own budget
    await read('role SageMaker-y');
    expect(reads - first - 1).toBe(LAG_ATTEMPTS);
    reads = 0;
    await read();
    expect(reads).toBe(LAG_ATTEMPTS);
  });

  it('refuses to start a call after the soft deadline', async () => {
    // GIVEN a deadline already passed for forward work
    const clock = new VirtualClock();
    const deadline = new Deadline(clock, 10_000, { hardMarginMs: 1_000, undoMarginMs: 2_000 });
    deadline.enter('writing policies');
    clock.advance(7_500);
    // WHEN a forward call is attempted THEN DeadlineError names the step; undo calls may still run
    await expect(withRetry({ clock, random: Math.random, deadline }, async () => 'x')).rejects.toBeInstanceOf(DeadlineError);
    await expect(withRetry({ clock, random: Math.random, deadline }, async () => 'undo', { phase: 'undo' })).resolves.toBe('undo');
  });
});

describe('ownership', () => {
  const owner = { stackId: 'stack-1', logicalId: 'Role' };
  it.each([
    [[{ Key: OwnershipTag.StackId, Value: 'stack-1' }, { Key: OwnershipTag.LogicalId, Value: 'Role' }], true],
    [[{ Key: OwnershipTag.StackId, Value: 'stack-1' }], false],
    [[{ Key: OwnershipTag.StackId, Value: 'stack-2' }, { Key: OwnershipTag.LogicalId, Value: 'Role' }], false],
    [[{ Key: OwnershipTag.StackId, Value: 'stack-1' }, { Key: OwnershipTag.LogicalId, Value: 'Other' }], false],
    [undefined, false],
  ])('tags %j → owned %s', (tags, expected) => {
    // GIVEN tags WHEN checked THEN owned only when both match
    expect(isOwnedBy(tags, owner)).toBe(expected);
  });
});

describe('diffRole', () => {
  const owner = { stackId: 'stack-1', logicalId: 'Role' };
  const doc = (action: string) => ({ Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: action, Resource: 'arn:aws:s3:::b' }] });
  const plan: RolePlan = {
    roleName: 'SageMaker-x',
    path: '/sagemaker-persona-role/',
    managedPolicyPath: '/sagemaker-persona-role/',
    description: 'd',
    maxSessionDuration: 3600,
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: [{ name: 'A', document: doc('s3:GetObject') }],
    managedPolicies: [{ name: 'SageMaker-x-1', document: doc('s3:PutObject') }],
    managedPolicyArns: ['arn:aws:iam::aws:policy/P'],
    tags: [{ Key: 'team', Value: 'a' }],
    activities: [],
  };
  const arn = (name: string) => `arn:aws:iam::111122223333:policy/${name}`;
  /** IAM's view of a role that matches the plan exactly, with key order shuffled as IAM may return it. */
  const matching = (): ActualRole => ({
    name: 'SageMaker-x',
    id: 'AROA1',
    arn: 'arn',
    path: '/',
    description: 'd',
    maxSessionDuration: 3600,
    trust: JSON.stringify({ Statement: plan.trustPolicy.Statement, Version: '2012-10-17' }),
    tags: [{ Key: 'team', Value: 'a' }, { Key: OwnershipTag.StackId, Value: 'stack-1' }, { Key: OwnershipTag.LogicalId, Value: 'Role' }],
    inline: new Map([['A', documentJson(doc('s3:GetObject'))]]),
    attachedArns: ['arn:aws:iam::aws:policy/P', arn('SageMaker-x-1')],
    owned: new Map([['SageMaker-x-1', { arn: arn('SageMaker-x-1'), name: 'SageMaker-x-1', defaultVersionId: 'v1', document: documentJson(doc('s3:PutObject')) }]]),
  });

  it('finds nothing to do when IAM matches the plan', () => {
    // GIVEN matching state WHEN diffed THEN zero writes
    expect(countWrites(diffRole(plan, matching(), owner, arn))).toBe(0);
  });

  it.each<[string, (a: ActualRole) => void, string]>([
    ['inline policy drifted', (a) => a.inline.set('A', documentJson(doc('s3:DeleteObject'))), 'inlineToPut'],
    ['extra inline policy', (a) => a.inline.set('Extra', '{}'), 'inlineToDelete'],
    ['owned policy drifted', (a) => a.owned.set('SageMaker-x-1', { ...a.owned.get('SageMaker-x-1')!, document: '{}' }), 'managedToVersion'],
    ['user policy detached', (a) => (a.attachedArns = [arn('SageMaker-x-1')]), 'attach'],
    ['foreign policy attached', (a) => a.attachedArns.push('arn:aws:iam::aws:policy/Q'), 'detach'],
    ['boundary added out of band', (a) => (a.boundary = 'arn:aws:iam::aws:policy/B'), 'boundary'],
    ['session duration changed', (a) => (a.maxSessionDuration = 7200), 'roleSettings'],
    ['tag value changed', (a) => (a.tags[0] = { Key: 'team', Value: 'b' }), 'tagsToSet'],
    ['extra tag', (a) => a.tags.push({ Key: 'x', Value: 'y' }), 'tagKeysToRemove'],
    ['trust changed', (a) => (a.trust = '{}'), 'trust'],
  ])('%s → one write of the right kind', (_name, drift, field) => {
    // GIVEN one drift from the plan WHEN diffed THEN exactly one write, in the expected field
    const actual = matching();
    drift(actual);
    const changes = diffRole(plan, actual, owner, arn);
    expect(countWrites(changes)).toBe(1);
    const value = changes[field as keyof typeof changes];
    expect(Array.isArray(value) ? value.length : value).toBeTruthy();
  });
});
