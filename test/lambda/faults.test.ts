// Fault injection: each scenario runs one event against the fake IAM with a
// fault, then checks exactly one answer with the right status and reason, no
// entity of ours left behind where the event failed, and nothing without our
// ownership tags written to.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { FAILED_CREATE_MARKER, OwnershipTag, ProviderEnv } from '../../src/policy-engine/names';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext } from '../../src/policy-engine/types';
import type { HandlerDeps } from '../../lambda/handler';
import { LOGICAL_ID, simulateEvent, STACK_ID, type Props } from '../support/cfn-events';
import { iamErrors } from '../support/iam-fake';
import { createHarness, type Harness } from '../support/provider-harness';

const COMPUTE_ROLE = 'arn:aws:iam::111122223333:role/SageMaker-compute';
const BASE: Props = { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'team-a', PassRoles: [COMPUTE_ROLE] };
const ROLE = 'SageMaker-team-a';
const NEW_ROLE = 'SageMaker-team-b';
const ONE_MORE_PASS_ROLE: Props = { ...BASE, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-extra'] };
const OWN_TAGS = [
  { Key: OwnershipTag.StackId, Value: STACK_ID },
  { Key: OwnershipTag.LogicalId, Value: LOGICAL_ID },
];
const FOREIGN_TAGS = [{ Key: 'owner', Value: 'platform-team' }];
const MANAGED: Partial<HandlerDeps> = {
  planner: (raw: unknown, ctx: PlanContext) => planRole(raw, { ...ctx, limits: { ...ctx.limits, inlinePolicyChars: 600 } }),
};
const FOREVER = 1_000;
/** Environment that turns invalid after the Create (an operator edits the provider stack). */
const LATER_MISCONFIGURED: Record<string, string | undefined> = {};

type Expected = 'nothing' | 'role' | 'old-role' | 'both-roles' | ((h: Harness) => void);

interface Scenario {
  name: string;
  deps?: Partial<HandlerDeps>;
  /** A Create with these properties runs (cleanly) before the faults are armed. */
  existing?: Props;
  arm?: (h: Harness) => void;
  event: (h: Harness) => CloudFormationCustomResourceEvent;
  remainingMs?: number;
  status: 'SUCCESS' | 'FAILED';
  reason?: RegExp;
  physicalId?: string | RegExp;
  left: Expected;
  /** Upper bound on write calls during the event. */
  maxWrites?: number;
}

const create = (props: Props = BASE) => () => simulateEvent('Create', props);
const update = (props: Props, physicalId = ROLE, oldProps: Props = BASE) => () =>
  simulateEvent('Update', props, { physicalId, oldProps });
const del = (physicalId = ROLE, props: Props = BASE) => () => simulateEvent('Delete', props, { physicalId });
const hang = () => new Promise<void>(() => undefined);
const MARKER = new RegExp(`^${FAILED_CREATE_MARKER}`);

const scenarios: Scenario[] = [
  // ---- Create: transient faults are absorbed ----
  { name: 'create: CreateRole throttled 3 times', arm: (h) => h.fake.throttle('CreateRole', 3), event: create(), status: 'SUCCESS', left: 'role' },
  { name: 'create: CreateRole 5xx twice', arm: (h) => h.fake.serverError('CreateRole', 2), event: create(), status: 'SUCCESS', left: 'role' },
  { name: 'create: PutRolePolicy 5xx twice', arm: (h) => h.fake.serverError('PutRolePolicy', 2), event: create(), status: 'SUCCESS', left: 'role' },
  { name: 'create: every call throttled 5 times', arm: (h) => h.fake.throttle('*', 5), event: create(), status: 'SUCCESS', left: 'role' },
  { name: 'create: fresh role invisible to the next 3 calls', arm: (h) => (h.fake.visibilityLagCalls = 3), event: create(), status: 'SUCCESS', left: 'role' },
  {
    name: 'create: fresh trust policy refused as invalid principal once',
    arm: (h) => h.fake.failNext('CreateRole', () => iamErrors.malformed('Invalid principal in policy: "SERVICE":"sagemaker.amazonaws.com"')),
    event: create(),
    status: 'SUCCESS',
    left: 'role',
  },
  {
    name: 'create: network reset on AttachRolePolicy',
    deps: MANAGED,
    arm: (h) => h.fake.failNext('AttachRolePolicy', () => Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' })),
    event: create(),
    status: 'SUCCESS',
    left: 'role',
  },
  // ---- Create: permanent faults undo everything ----
  {
    name: 'create: PutRolePolicy refused for good → role undone',
    arm: (h) => h.fake.failNext('PutRolePolicy', () => iamErrors.invalidInput('policy refused'), FOREVER),
    event: create(),
    status: 'FAILED',
    reason: /PutRolePolicy|writing policies.*InvalidInput.*policy refused/,
    physicalId: MARKER,
    left: 'nothing',
  },
  {
    name: 'create: CreatePolicy over quota → role and policies undone',
    deps: MANAGED,
    arm: (h) => h.fake.failNext('CreatePolicy', () => iamErrors.limitExceeded('Cannot exceed quota for PoliciesPerAccount'), FOREVER),
    event: create(),
    status: 'FAILED',
    reason: /LimitExceeded.*PoliciesPerAccount/,
    physicalId: MARKER,
    left: 'nothing',
  },
  {
    name: 'create: attaching an owned policy refused → role, inline and owned policies undone',
    deps: MANAGED,
    arm: (h) => h.fake.failNext('AttachRolePolicy', () => iamErrors.invalidInput('attachment refused'), FOREVER),
    event: create(),
    status: 'FAILED',
    reason: /attaching managed policies.*attachment refused/,
    physicalId: MARKER,
    left: 'nothing',
  },
  {
    name: 'create: user managed policy ARN does not exist',
    event: create({ ...BASE, ManagedPolicyArns: ['arn:aws:iam::111122223333:policy/missing'] }),
    status: 'FAILED',
    reason: /missing does not exist/,
    physicalId: MARKER,
    left: 'nothing',
  },
  {
    name: 'create: undo itself fails → FAILED still answers the marker (the marker Delete removes the role)',
    arm: (h) => {
      h.fake.failNext('PutRolePolicy', () => iamErrors.invalidInput('policy refused'), FOREVER);
      h.fake.failNext('DeleteRole', () => iamErrors.invalidInput('delete refused'), FOREVER);
    },
    event: create(),
    status: 'FAILED',
    reason: /policy refused.*could not yet remove the partly created role SageMaker-team-a/,
    physicalId: MARKER,
    left: 'role',
  },
  {
    name: 'create: IAM hangs → timer answers "timed out while" with the marker, never a new id',
    arm: (h) => h.fake.before('PutRolePolicy', hang),
    event: create(),
    remainingMs: 300,
    status: 'FAILED',
    reason: /^timed out while writing policies of role SageMaker-team-a/,
    physicalId: MARKER,
    left: 'role',
  },
  {
    name: 'create: throttled forever → gives up before the deadline and undoes',
    arm: (h) => h.fake.throttle('PutRolePolicy', FOREVER),
    event: create(),
    remainingMs: 20_000,
    status: 'FAILED',
    reason: /Throttling|timed out while/,
    physicalId: MARKER,
    left: 'nothing',
  },
  // ---- Create: refused before or without touching IAM ----
  { name: 'create: wildcard bucket', event: create({ ...BASE, S3Buckets: ['*'] }), status: 'FAILED', reason: /S3Buckets\[0\]/, physicalId: MARKER, left: 'nothing', maxWrites: 0 },
  { name: 'create: unknown persona', event: create({ ...BASE, Persona: 'Wizard' }), status: 'FAILED', reason: /Persona.*Wizard/, physicalId: MARKER, left: 'nothing', maxWrites: 0 },
  {
    name: 'create: properties not an object',
    event: () => ({ ...simulateEvent('Create', BASE), ResourceProperties: 'x' }) as unknown as CloudFormationCustomResourceEvent,
    status: 'FAILED',
    reason: /ResourceProperties is not an object/,
    physicalId: MARKER,
    left: 'nothing',
    maxWrites: 0,
  },
  {
    name: 'create: more attachments than MAX_ATTACHED_POLICIES allows',
    deps: { env: { [ProviderEnv.MaxAttachedPolicies]: '1' } },
    event: create({ ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess'] }),
    status: 'FAILED',
    reason: /ManagedPolicyArns|attached/i,
    physicalId: MARKER,
    left: 'nothing',
    maxWrites: 0,
  },
  {
    name: 'create: malformed MAX_ATTACHED_POLICIES',
    deps: { env: { [ProviderEnv.MaxAttachedPolicies]: 'ten' } },
    event: create(),
    status: 'FAILED',
    reason: /MAX_ATTACHED_POLICIES.*"ten".*whole number/,
    physicalId: MARKER,
    left: 'nothing',
    maxWrites: 0,
  },
  {
    name: 'create: malformed PERMISSIONS_BOUNDARY_ARN',
    deps: { env: { [ProviderEnv.PermissionsBoundaryArn]: 'boundary' } },
    event: create(),
    status: 'FAILED',
    reason: /PERMISSIONS_BOUNDARY_ARN.*managed policy ARN/,
    physicalId: MARKER,
    left: 'nothing',
    maxWrites: 0,
  },
  {
    name: 'create: a foreign role has the name',
    arm: (h) => h.fake.seedRole(ROLE, { tags: FOREIGN_TAGS }),
    event: create(),
    status: 'FAILED',
    reason: /already exists.*refusing to adopt/,
    physicalId: MARKER,
    left: (h) => expect(h.fake.roles.get(ROLE)?.tags).toEqual(FOREIGN_TAGS),
    maxWrites: 1,
  },
  {
    name: 'create: a foreign managed policy has the owned policy name',
    deps: MANAGED,
    arm: (h) => h.fake.seedPolicy(`${ROLE}-1`, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}', FOREIGN_TAGS),
    event: create(),
    status: 'FAILED',
    reason: /managed policy SageMaker-team-a-1 already exists.*refusing to adopt/,
    physicalId: MARKER,
    left: (h) => {
      expect(h.fake.roles.size).toBe(0);
      expect([...h.fake.policies.values()].map((p) => p.tags)).toEqual([FOREIGN_TAGS]);
    },
  },
  {
    name: 'create: our role already exists (repeated Create) → reconciled, no writes',
    existing: BASE,
    event: create(),
    status: 'SUCCESS',
    physicalId: ROLE,
    left: 'role',
    maxWrites: 1,
  },
  // ---- Update ----
  { name: 'update: no-op with every read throttled twice', existing: BASE, arm: (h) => h.fake.throttle('*', 2), event: update(BASE), status: 'SUCCESS', left: 'role', maxWrites: 0 },
  { name: 'update: PutRolePolicy 5xx twice', existing: BASE, arm: (h) => h.fake.serverError('PutRolePolicy', 2), event: update(ONE_MORE_PASS_ROLE), status: 'SUCCESS', left: 'role', maxWrites: 3 },
  {
    name: 'update: invalid properties → unchanged, old id',
    existing: BASE,
    event: update({ ...BASE, GlueDatabases: ['db?'] }),
    status: 'FAILED',
    reason: /GlueDatabases|Activities|db\?/,
    physicalId: ROLE,
    left: 'role',
    maxWrites: 0,
  },
  {
    name: 'update: role deleted out of band → recreated',
    existing: BASE,
    arm: (h) => h.fake.roles.clear(),
    event: update(BASE),
    status: 'SUCCESS',
    physicalId: ROLE,
    left: 'role',
  },
  {
    name: 'update: ownership tags removed out of band → refused, untouched',
    existing: BASE,
    arm: (h) => {
      const role = h.fake.roles.get(ROLE);
      if (role) role.tags = FOREIGN_TAGS;
    },
    event: update(ONE_MORE_PASS_ROLE),
    status: 'FAILED',
    reason: /lacks this resource's ownership tags; refusing to modify it/,
    physicalId: ROLE,
    left: (h) => expect(h.fake.roles.get(ROLE)?.tags).toEqual(FOREIGN_TAGS),
    maxWrites: 0,
  },
  {
    name: 'update: replacement name taken by a foreign role',
    existing: BASE,
    arm: (h) => h.fake.seedRole(NEW_ROLE, { tags: FOREIGN_TAGS }),
    event: update({ ...BASE, RoleNameSuffix: 'team-b' }),
    status: 'FAILED',
    reason: /SageMaker-team-b already exists.*refusing to adopt/,
    physicalId: ROLE,
    left: 'both-roles',
  },
  {
    name: 'update: replacement fails half way → new role undone, old intact',
    existing: BASE,
    arm: (h) => h.fake.failNext('PutRolePolicy', () => iamErrors.invalidInput('policy refused'), FOREVER),
    event: update({ ...BASE, RoleNameSuffix: 'team-b' }),
    status: 'FAILED',
    reason: /policy refused/,
    physicalId: ROLE,
    left: 'old-role',
  },
  {
    name: 'update: managed policy at 5 versions → oldest removed, new default',
    deps: MANAGED,
    existing: BASE,
    arm: (h) => {
      for (const p of h.fake.policies.values()) {
        for (let i = 0; i < 4; i++) p.versions.push({ id: `v${p.nextVersion++}`, document: p.versions[0].document, created: new Date(i + 1) });
      }
    },
    event: update({ ...BASE, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-a', 'arn:aws:iam::111122223333:role/SageMaker-b'] }),
    status: 'SUCCESS',
    left: (h) => {
      for (const p of h.fake.policies.values()) expect(p.versions.length).toBeLessThanOrEqual(5);
    },
  },
  // ---- Delete ----
  { name: 'delete: role already gone', event: del(), status: 'SUCCESS', physicalId: ROLE, left: 'nothing', maxWrites: 0 },
  { name: 'delete: marker of a failed Create', event: del(`${FAILED_CREATE_MARKER}abc`), status: 'SUCCESS', left: 'nothing', maxWrites: 0 },
  { name: 'delete: physical id that is not one of ours', arm: (h) => h.fake.seedRole('AdminRole'), event: del('AdminRole'), status: 'SUCCESS', left: (h) => expect(h.fake.roles.has('AdminRole')).toBe(true), maxWrites: 0 },
  { name: 'delete: foreign role of our name', arm: (h) => h.fake.seedRole(ROLE, { tags: FOREIGN_TAGS }), event: del(), status: 'SUCCESS', left: (h) => expect(h.fake.roles.has(ROLE)).toBe(true), maxWrites: 0 },
  {
    name: 'delete: provider misconfigured since the Create → still deletes',
    existing: BASE,
    deps: { env: LATER_MISCONFIGURED },
    arm: () => {
      LATER_MISCONFIGURED[ProviderEnv.MaxAttachedPolicies] = 'lots';
    },
    event: del(),
    status: 'SUCCESS',
    left: 'nothing',
  },
  { name: 'delete: DetachRolePolicy throttled 3 times', deps: MANAGED, existing: BASE, arm: (h) => h.fake.throttle('DetachRolePolicy', 3), event: del(), status: 'SUCCESS', left: 'nothing' },
  { name: 'delete: DeleteRole 5xx twice', existing: BASE, arm: (h) => h.fake.serverError('DeleteRole', 2), event: del(), status: 'SUCCESS', left: 'nothing' },
  {
    name: 'delete: arriving while the Create is still becoming visible',
    arm: (h) => {
      const role = h.fake.seedRole(ROLE, { tags: OWN_TAGS, inline: { p: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' } });
      role.invisibleFor = 1;
    },
    event: del(),
    status: 'SUCCESS',
    left: 'nothing',
  },
  {
    name: 'delete: role in an instance profile, with a user policy attached',
    existing: { ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] },
    arm: (h) => h.fake.instanceProfiles.set('ip', new Set([ROLE])),
    event: del(ROLE, { ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] }),
    status: 'SUCCESS',
    left: 'nothing',
  },
  {
    name: 'delete: owned policy left unattached by an interrupted event',
    deps: MANAGED,
    existing: BASE,
    arm: (h) => {
      const role = h.fake.roles.get(ROLE);
      if (role) role.attached = [];
    },
    event: del(),
    status: 'SUCCESS',
    left: 'nothing',
  },
  {
    name: 'delete: DeleteRole refused for good → FAILED with the reason',
    existing: BASE,
    arm: (h) => h.fake.failNext('DeleteRole', () => iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.'), FOREVER),
    event: del(),
    status: 'FAILED',
    reason: /deleting role SageMaker-team-a: DeleteConflict/,
    maxWrites: 12,
    physicalId: ROLE,
    left: (h) => expect(h.fake.roles.get(ROLE)?.inline.size).toBe(0),
  },
];

function checkLeft(h: Harness, left: Expected, seededRoles: Set<string>): void {
  if (typeof left === 'function') return left(h);
  const ours = [...h.fake.roles.keys()].filter((n) => !seededRoles.has(n));
  const expected = { nothing: [], role: [ROLE], 'old-role': [ROLE], 'both-roles': [ROLE] }[left];
  expect(ours.sort()).toEqual(expected);
  if (left === 'nothing' || left === 'old-role') {
    const ownedPolicies = [...h.fake.policies.values()].filter((p) => p.tags.some((t) => t.Key === OwnershipTag.StackId));
    if (left === 'nothing') expect(ownedPolicies).toEqual([]);
  }
  if (left === 'old-role' || left === 'both-roles') expect(h.fake.roles.has(NEW_ROLE)).toBe(left === 'both-roles');
}

describe('fault injection', () => {
  let h: Harness;
  afterEach(() => h?.restore());

  it('has at least 30 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    // GIVEN the fake IAM, optionally with a role created cleanly, then the fault
    h = createHarness(s.deps);
    if (s.existing) {
      const first = await h.send(simulateEvent('Create', s.existing));
      expect(first.body.Status).toBe('SUCCESS');
      h.responses.length = 0;
      h.fake.clearCalls();
    }
    const seeded = new Set(s.existing ? [] : h.fake.roles.keys());
    s.arm?.(h);
    for (const name of h.fake.roles.keys()) if (!s.existing || name !== ROLE) seeded.add(name);
    // WHEN the event arrives
    const res = await h.send(s.event(h), s.remainingMs);
    // THEN exactly one answer, with the expected status, reason and id
    expect(h.responses).toHaveLength(1);
    expect(Buffer.byteLength(res.raw)).toBeLessThanOrEqual(4096);
    expect({ status: res.body.Status, reason: res.body.Reason }).toEqual({
      status: s.status,
      reason: s.reason ? expect.stringMatching(s.reason) : undefined,
    });
    if (typeof s.physicalId === 'string') expect(res.body.PhysicalResourceId).toBe(s.physicalId);
    else if (s.physicalId) expect(res.body.PhysicalResourceId).toMatch(s.physicalId);
    // AND nothing without our tags was written, and what is left is what should be
    expect(h.fake.untaggedWrites).toEqual([]);
    if (s.maxWrites !== undefined) expect(h.fake.writes().filter((w) => w.result === 'ok').length).toBeLessThanOrEqual(s.maxWrites);
    checkLeft(h, s.left, seeded);
  });

  it('a Create whose undo failed answers the marker, and the Delete for the marker removes the role', async () => {
    // GIVEN a Create that failed and could not remove its role
    h = createHarness();
    h.fake.failNext('PutRolePolicy', () => iamErrors.invalidInput('policy refused'), FOREVER);
    h.fake.failNext('DeleteRole', () => iamErrors.invalidInput('delete refused'), 1_000);
    const created = await h.send(simulateEvent('Create', BASE));
    expect(created.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: expect.stringMatching(MARKER) });
    expect(h.fake.roles.has(ROLE)).toBe(true);
    // WHEN IAM recovers and CloudFormation deletes the marker with the Create's properties
    h.fake.clearFaults();
    const deleted = await h.send(simulateEvent('Delete', BASE, { physicalId: created.body.PhysicalResourceId }));
    // THEN the role the properties name, carrying our tags, is gone
    expect(deleted.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.body.PhysicalResourceId });
    expect(h.fake.roles.has(ROLE)).toBe(false);
    expect(h.fake.untaggedWrites).toEqual([]);
  });

  it('a Create that timed out leaves a role the following Delete removes', async () => {
    // GIVEN a Create that timed out while IAM hung
    h = createHarness();
    h.fake.before('PutRolePolicy', hang);
    const created = await h.send(simulateEvent('Create', BASE), 300);
    expect(created.body.Status).toBe('FAILED');
    // WHEN CloudFormation sends the Delete for the id it got
    const deleted = await h.send(simulateEvent('Delete', BASE, { physicalId: created.body.PhysicalResourceId }));
    // THEN the role is gone
    expect(deleted.body.Status).toBe('SUCCESS');
    expect(h.fake.roles.size).toBe(0);
  });
});
