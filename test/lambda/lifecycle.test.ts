// The provider's lifecycle against the stateful fake IAM: Create, Update
// (diff, no-op, replacement, rollback) and Delete, each answered exactly once.
import { Attr, FAILED_CREATE_MARKER, OwnershipTag, PROVIDER_IAM_PATH, ProviderEnv } from '../../src/policy-engine/names';
import { IAM_CONCURRENCY } from '../../lambda/concurrency';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext } from '../../src/policy-engine/types';
import { expectFailed, expectSuccess, LOGICAL_ID, simulateEvent, STACK_ID, type Props } from '../support/cfn-events';
import { createHarness, type Harness } from '../support/provider-harness';

const COMPUTE_ROLE = 'arn:aws:iam::111122223333:role/SageMaker-compute';
const BASE: Props = { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'team-a', PassRoles: [COMPUTE_ROLE] };
const ROLE = 'SageMaker-team-a';
const ownTags = [
  { Key: OwnershipTag.StackId, Value: STACK_ID },
  { Key: OwnershipTag.LogicalId, Value: LOGICAL_ID },
];

/** Forces the engine to pack into owned managed policies by shrinking the inline quota. */
const smallInlinePlanner = (raw: unknown, ctx: PlanContext) => planRole(raw, { ...ctx, limits: { ...ctx.limits, inlinePolicyChars: 600 } });

let h: Harness;
afterEach(() => h.restore());

async function created(props: Props = BASE, harness?: Harness): Promise<string> {
  h = harness ?? createHarness();
  const res = await h.send(simulateEvent('Create', props));
  expectSuccess([res]);
  h.fake.clearCalls();
  return res.body.PhysicalResourceId;
}

describe('Create', () => {
  it('creates the tagged role with its inline policy and answers its attributes', async () => {
    // GIVEN valid properties
    h = createHarness();
    // WHEN the Create arrives
    const res = await h.send(simulateEvent('Create', { ...BASE, Tags: [{ Key: 'team', Value: 'a' }] }));
    // THEN one SUCCESS names the role and the role carries ownership and user tags
    const body = expectSuccess([res]);
    expect(body.PhysicalResourceId).toBe(ROLE);
    expect(body.Data?.[Attr.Arn]).toBe(`arn:aws:iam::111122223333:role${PROVIDER_IAM_PATH}${ROLE}`);
    expect(body.Data?.[Attr.RoleName]).toBe(ROLE);
    expect(body.Data?.[Attr.RoleId]).toMatch(/^AROA/);
    const role = h.fake.roles.get(ROLE);
    expect(role?.tags).toEqual(expect.arrayContaining([...ownTags, { Key: 'team', Value: 'a' }]));
    expect(role?.inline.size).toBeGreaterThan(0);
    expect(h.fake.untaggedWrites).toEqual([]);
  });

  it('creates owned managed policies with ownership tags when the plan packs into them', async () => {
    // GIVEN a planner whose inline quota forces managed policies
    h = createHarness({ planner: smallInlinePlanner });
    // WHEN the Create arrives
    const body = expectSuccess([await h.send(simulateEvent('Create', BASE))]);
    // THEN every owned policy exists, is tagged, attached and named in the attributes
    const names = (body.Data?.[Attr.ManagedPolicyNames] ?? '').split(',').filter(Boolean);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const policy = h.fake.policies.get(h.fake.policyArn(name, PROVIDER_IAM_PATH));
      expect(policy?.tags).toEqual(expect.arrayContaining(ownTags));
      expect(h.fake.roles.get(ROLE)?.attached).toContain(policy?.arn);
    }
  });

  it('refuses invalid properties without any IAM call', async () => {
    // GIVEN a bucket name with a wildcard
    h = createHarness();
    // WHEN the Create arrives
    const res = await h.send(simulateEvent('Create', { ...BASE, S3Buckets: ['data-*'] }));
    // THEN it fails naming the property and value, with a marker id, and IAM saw nothing
    const body = expectFailed([res], /S3Buckets\[0\].*data-\*/);
    expect(body.PhysicalResourceId.startsWith(FAILED_CREATE_MARKER)).toBe(true);
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses to adopt an existing role without our tags and leaves it untouched', async () => {
    // GIVEN a foreign role with the same name
    h = createHarness();
    h.fake.seedRole(ROLE, { tags: [{ Key: 'owner', Value: 'someone-else' }] });
    const before = h.fake.snapshot();
    // WHEN the Create arrives
    const res = await h.send(simulateEvent('Create', BASE));
    // THEN it fails with a clear reason and the foreign role is unchanged
    const body = expectFailed([res], /SageMaker-team-a already exists.*refusing to adopt/);
    expect(body.PhysicalResourceId.startsWith(FAILED_CREATE_MARKER)).toBe(true);
    expect(h.fake.snapshot()).toEqual(before);
    expect(h.fake.untaggedWrites).toEqual([]);
  });

  it('applies the enforced permissions boundary from the environment', async () => {
    // GIVEN a provider configured with a boundary that exists
    h = createHarness({ env: { [ProviderEnv.PermissionsBoundaryArn]: 'arn:aws:iam::111122223333:policy/ml-boundary' } });
    h.fake.seedPolicy('ml-boundary', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }));
    // WHEN the Create arrives
    expectSuccess([await h.send(simulateEvent('Create', BASE))]);
    // THEN the role has that boundary
    expect(h.fake.roles.get(ROLE)?.boundary).toBe('arn:aws:iam::111122223333:policy/ml-boundary');
  });

  it('refuses a user boundary that differs from the enforced one', async () => {
    // GIVEN an enforced boundary and a different user boundary
    h = createHarness({ env: { [ProviderEnv.PermissionsBoundaryArn]: 'arn:aws:iam::111122223333:policy/ml-boundary' } });
    // WHEN the Create arrives
    const res = await h.send(simulateEvent('Create', { ...BASE, PermissionsBoundary: 'arn:aws:iam::111122223333:policy/other' }));
    // THEN it fails naming PermissionsBoundary, before touching IAM
    expectFailed([res], /PermissionsBoundary.*other.*enforces the boundary/);
    expect(h.fake.calls).toEqual([]);
  });
});

describe('Concurrency and duplicates', () => {
  it('answers a duplicate Create delivery with the same answer and no further writes', async () => {
    // GIVEN a Create that succeeded
    h = createHarness();
    const event = simulateEvent('Create', BASE);
    const first = await h.send(event);
    const writes = h.fake.writes().length;
    // WHEN the same event (same StackId and RequestId) is delivered again
    const second = await h.send(event);
    // THEN the same body goes out and IAM is not written again
    expect(second.raw).toBe(first.raw);
    expect(h.fake.writes()).toHaveLength(writes);
  });

  it('leaves no role behind when a Delete runs while the Create is still writing policies', async () => {
    // GIVEN a Create paused after CreateRole, during which the Delete for that role runs to completion
    h = createHarness();
    const deleteEvent = simulateEvent('Delete', BASE, { physicalId: ROLE });
    const createEvent = simulateEvent('Create', BASE);
    h.fake.before('PutRolePolicy', () => h.invoke(deleteEvent));
    // WHEN the Create resumes
    await h.invoke(createEvent);
    // THEN one answer each: the Delete succeeded, the Create failed and undid itself, and nothing is left
    const answers = new Map(h.responses.map((r) => [r.body.RequestId, r.body]));
    expect(h.responses).toHaveLength(2);
    expect(answers.get(deleteEvent.RequestId)?.Status).toBe('SUCCESS');
    expect(answers.get(createEvent.RequestId)?.Status).toBe('FAILED');
    expect(answers.get(createEvent.RequestId)?.PhysicalResourceId.startsWith(FAILED_CREATE_MARKER)).toBe(true);
    expect(h.fake.roles.size).toBe(0);
    expect(h.fake.policies.size).toBe(0);
  });

  it('sends independent calls concurrently, a few at a time', async () => {
    // GIVEN a plan with several owned policies and IAM calls that take time
    h = createHarness({ planner: smallInlinePlanner });
    h.fake.latencyMs = 10;
    // WHEN the Create runs
    expectSuccess([await h.send(simulateEvent('Create', { ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess'] }))]);
    // THEN calls overlapped, within the bound of the concurrent groups
    expect(h.fake.maxInFlight).toBeGreaterThan(1);
    expect(h.fake.maxInFlight).toBeLessThanOrEqual(3 * IAM_CONCURRENCY);
  });
});

describe('Update', () => {
  it('makes zero write calls when nothing changed', async () => {
    // GIVEN a created role
    const id = await created();
    // WHEN an Update with identical properties arrives
    const res = await h.send(simulateEvent('Update', BASE, { physicalId: id, oldProps: BASE }));
    // THEN SUCCESS, same id, and no IAM write
    expect(expectSuccess([res]).PhysicalResourceId).toBe(id);
    expect(h.fake.writes()).toEqual([]);
  });

  it('changes one parameter with exactly one write', async () => {
    // GIVEN a created role
    const id = await created();
    const next = { ...BASE, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-other'] };
    // WHEN PassRoles gains a role
    expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: BASE }))]);
    // THEN one PutRolePolicy carries the new role
    expect(h.fake.writes().map((c) => c.command)).toEqual(['PutRolePolicy']);
    expect([...(h.fake.roles.get(ROLE)?.inline.values() ?? [])].join()).toContain('SageMaker-other');
  });

  it('updates tags, description and session duration in place', async () => {
    // GIVEN a created role
    const id = await created({ ...BASE, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'old', Value: 'x' }] });
    const next = { ...BASE, Tags: [{ Key: 'team', Value: 'b' }], Description: 'Team A', MaxSessionDuration: '7200' };
    // WHEN tags, description and duration change
    expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: BASE }))]);
    // THEN the role reflects them, ownership tags kept
    const role = h.fake.roles.get(ROLE);
    expect(role?.description).toBe('Team A');
    expect(role?.maxSessionDuration).toBe(7200);
    expect(role?.tags).toEqual(expect.arrayContaining([...ownTags, { Key: 'team', Value: 'b' }]));
    expect(role?.tags.find((t) => t.Key === 'old')).toBeUndefined();
    expect(h.fake.writes().map((c) => c.command).sort()).toEqual(['TagRole', 'UntagRole', 'UpdateRole']);
  });

  it('replaces the role when RoleNameSuffix changes and returns the new physical id', async () => {
    // GIVEN a created role
    const id = await created();
    const next = { ...BASE, RoleNameSuffix: 'team-b' };
    // WHEN the suffix changes
    const body = expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: BASE }))]);
    // THEN a new role exists under the new id and the old one is left for CloudFormation to delete
    expect(body.PhysicalResourceId).toBe('SageMaker-team-b');
    expect(h.fake.roles.has('SageMaker-team-b')).toBe(true);
    expect(h.fake.roles.has(ROLE)).toBe(true);
  });

  it('restores the old state on rollback of an in-place update', async () => {
    // GIVEN a created role and its state
    const id = await created({ ...BASE, Tags: [{ Key: 'team', Value: 'a' }] });
    const before = h.fake.snapshot();
    const next = { ...BASE, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-x'], Description: 'new', Tags: [] };
    expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: BASE }))]);
    h.responses.length = 0;
    // WHEN the rollback Update (old and new swapped) arrives
    expectSuccess([await h.send(simulateEvent('Update', { ...BASE, Tags: [{ Key: 'team', Value: 'a' }] }, { physicalId: id, oldProps: next }))]);
    // THEN IAM is back to the old state
    expect(h.fake.snapshot()).toEqual(before);
  });

  it('rolls back a replacement by reconciling the old role it still owns', async () => {
    // GIVEN a role replaced by a new one
    const id = await created();
    const before = h.fake.roles.get(ROLE);
    const next = { ...BASE, RoleNameSuffix: 'team-b', Description: 'b' };
    await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: BASE }));
    // WHEN the rollback Update arrives with the new id and the old properties
    const res = await h.send(simulateEvent('Update', BASE, { physicalId: 'SageMaker-team-b', oldProps: next }));
    // THEN it answers the old id, and the old role is intact
    expect(expectSuccess([res]).PhysicalResourceId).toBe(ROLE);
    expect(h.fake.roles.get(ROLE)?.id).toBe(before?.id);
  });

  it('publishes a new managed policy version, staying under five versions', async () => {
    // GIVEN a role whose permissions live in owned managed policies
    h = createHarness({ planner: smallInlinePlanner });
    const id = await created(BASE, h);
    // WHEN PassRoles changes six times
    let props = BASE;
    for (let i = 0; i < 6; i++) {
      const next = { ...BASE, PassRoles: [COMPUTE_ROLE, `arn:aws:iam::111122223333:role/SageMaker-v${i}`] };
      expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: id, oldProps: props }))].slice(-1));
      h.responses.length = 0;
      props = next;
    }
    // THEN every owned policy has at most five versions and the default holds the last role
    const owned = [...h.fake.policies.values()];
    expect(owned.length).toBeGreaterThan(0);
    for (const p of owned) expect(p.versions.length).toBeLessThanOrEqual(5);
    expect(Math.max(...owned.map((p) => p.nextVersion))).toBeGreaterThan(6);
    const docs = owned.map((p) => p.versions.find((v) => v.id === p.defaultVersion)?.document ?? '').join();
    const inline = [...(h.fake.roles.get(ROLE)?.inline.values() ?? [])].join();
    expect(docs + inline).toContain('SageMaker-v5');
    expect(docs + inline).not.toContain('SageMaker-v4');
  });

  it('refuses a Path change under a fixed RoleNameSuffix', async () => {
    // GIVEN a created role at /
    const id = await created();
    // WHEN only Path changes
    const res = await h.send(simulateEvent('Update', { ...BASE, Path: '/ml/' }, { physicalId: id, oldProps: BASE }));
    // THEN it fails explaining the conflict, with zero writes
    expectFailed([res], /Path cannot change/);
    expect(h.fake.writes()).toEqual([]);
  });
});

describe('Delete', () => {
  it('removes the role, its policies and instance profile membership', async () => {
    // GIVEN a created role with owned policies, a user policy and an instance profile
    h = createHarness({ planner: smallInlinePlanner });
    const props = { ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] };
    const id = await created(props, h);
    h.fake.instanceProfiles.set('profile', new Set([ROLE]));
    // WHEN the Delete arrives
    expectSuccess([await h.send(simulateEvent('Delete', props, { physicalId: id }))]);
    // THEN nothing of ours is left
    expect(h.fake.roles.size).toBe(0);
    expect(h.fake.policies.size).toBe(0);
    expect(h.fake.instanceProfiles.get('profile')?.size).toBe(0);
  });

  it('writes nothing for the marker of a failed Create that left nothing', async () => {
    // GIVEN a marker physical id and no role of the name the properties give
    h = createHarness();
    // WHEN the Delete arrives
    const res = await h.send(simulateEvent('Delete', BASE, { physicalId: `${FAILED_CREATE_MARKER}req-1` }));
    // THEN success, the marker answered back, and no IAM write
    expect(expectSuccess([res]).PhysicalResourceId).toBe(`${FAILED_CREATE_MARKER}req-1`);
    expect(h.fake.writes()).toEqual([]);
  });

  it('for an id it did not issue, removes only the role its properties name and this logical id owns', async () => {
    // GIVEN a role a cancelled Create left, and a role of the same name in another stack's resource
    h = createHarness();
    await created(BASE, h);
    h.fake.seedRole('SageMaker-other', { tags: [{ Key: OwnershipTag.StackId, Value: STACK_ID }, { Key: OwnershipTag.LogicalId, Value: 'Other' }] });
    // WHEN CloudFormation deletes with an id it made up (the Create's answer never reached it)
    const res = await h.send(simulateEvent('Delete', BASE, { physicalId: 'ml-platform-DataScientistRole-1A2B3C' }));
    // THEN our role is gone, the other resource's role untouched
    expectSuccess([res]);
    expect(h.fake.roles.has(ROLE)).toBe(false);
    expect(h.fake.roles.has('SageMaker-other')).toBe(true);
    expect(h.fake.untaggedWrites).toEqual([]);
  });

  it('leaves a foreign role alone', async () => {
    // GIVEN a role without our tags
    h = createHarness();
    h.fake.seedRole(ROLE, { tags: [{ Key: OwnershipTag.StackId, Value: 'another-stack' }] });
    // WHEN the Delete arrives
    expectSuccess([await h.send(simulateEvent('Delete', BASE, { physicalId: ROLE }))]);
    // THEN it still exists and nothing was written
    expect(h.fake.roles.has(ROLE)).toBe(true);
    expect(h.fake.writes()).toEqual([]);
  });

  it('is safe to deliver twice', async () => {
    // GIVEN a created role and a Delete event
    const id = await created();
    const event = simulateEvent('Delete', BASE, { physicalId: id });
    // WHEN it is delivered twice
    expectSuccess([await h.send(event)]);
    const writesAfterFirst = h.fake.writes().length;
    const second = await h.send(event);
    // THEN both answers are SUCCESS and the second made no write
    expect(second.body.Status).toBe('SUCCESS');
    expect(h.fake.writes()).toHaveLength(writesAfterFirst);
    expect(h.fake.roles.size).toBe(0);
  });
});

describe('Never throws', () => {
  it('resolves when the response cannot be delivered', async () => {
    // GIVEN a responder that always fails
    h = createHarness({ respond: () => Promise.reject(new Error('connection refused')) });
    // WHEN an event is handled THEN the handler resolves (a throw would make Lambda redeliver)
    await expect(h.invoke(simulateEvent('Create', BASE))).resolves.toBeUndefined();
    expect(h.fake.roles.has(ROLE)).toBe(true);
  });

  it('answers FAILED when the IAM client cannot even be created', async () => {
    // GIVEN an IAM client factory that throws
    h = createHarness({
      iam: () => {
        throw new Error('no region configured');
      },
    });
    // WHEN a Create arrives THEN one FAILED naming the problem, with the marker id
    const body = expectFailed([await h.send(simulateEvent('Create', BASE))], /no region configured/);
    expect(body.PhysicalResourceId.startsWith(FAILED_CREATE_MARKER)).toBe(true);
  });
});
