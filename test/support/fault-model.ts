// Model-based fault testing of the provider: random CloudFormation-like
// sequences (creates, updates, rollbacks, replacements, deletes, duplicate and
// concurrent deliveries, cancelled creates, lost answers) run against the
// stateful in-memory IAM with random faults (throttling, 5xx, responses lost
// after the call was applied, visibility lag, refused calls, delete conflicts,
// hangs). After every CloudFormation step the invariants are checked:
//
//   answers   every delivery answers exactly once; all deliveries of one
//             RequestId agree on Status and PhysicalResourceId
//   ids       a FAILED answer carries the id CloudFormation sent (Update,
//             Delete) or the failed-create marker (Create)
//   plan      every SUCCESS of a Create/Update leaves the role equal to the plan
//   transient an event whose faults are all transient answers SUCCESS
//   orphans   when CloudFormation holds no resource, IAM holds nothing this
//             stack's logical id owns (and after the final Delete)
//   foreign   nothing without our ownership tags is ever written
//   lag       no call is repeated on NoSuchEntity more often than lag explains
//
// Used by test/lambda/fault-model.test.ts (fast-check, in `npm test`) and by
// scripts/model-test.ts (long runs with figures).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import fc from 'fast-check';
import { createHandler, type Handler, type HandlerDeps } from '../../lambda/handler';
import { LAG_ATTEMPTS } from '../../lambda/retry';
import { FAILED_CREATE_MARKER, OwnershipTag } from '../../src/policy-engine/names';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext } from '../../src/policy-engine/types';
import { lambdaContext, LOGICAL_ID, simulateEvent, STACK_ID, type Props } from './cfn-events';
import { type FakeCloudFormation, installFakeCloudFormation } from './cfn-state';
import { FakeIam, iamErrors, installFakeIam, type InstalledFake } from './iam-fake';
import { silentLogger, VirtualClock } from './provider-harness';

const COMPUTE = 'arn:aws:iam::111122223333:role/SageMaker-compute';
const EXTRA = 'arn:aws:iam::111122223333:role/SageMaker-extra';

/** Property sets the sequences move between: in-place diffs, owned managed policies appearing and going, replacements. */
export const PROPS: Record<string, Props> = {
  a1: { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'model-a', PassRoles: [COMPUTE] },
  a2: { Persona: 'Custom', Activities: ['ManageMLJobs', 'ManageModels'], RoleNameSuffix: 'model-a', PassRoles: [COMPUTE, EXTRA], Tags: [{ Key: 'team', Value: 'a' }] },
  a3: { Persona: 'Custom', Activities: ['ManageMLJobs', 'ManageModels', 'ManageExperiments', 'RunStudioApps'], RoleNameSuffix: 'model-a', PassRoles: [COMPUTE] },
  b1: { Persona: 'Custom', Activities: ['ManageMLJobs', 'ManageModels'], RoleNameSuffix: 'model-b', PassRoles: [COMPUTE] },
  b2: { Persona: 'Custom', Activities: ['ManageExperiments', 'ManageMLJobs'], RoleNameSuffix: 'model-b', PassRoles: [COMPUTE], Description: 'second name' },
};
export type PropsId = keyof typeof PROPS;
const PROPS_IDS = Object.keys(PROPS) as PropsId[];

/** Packs into owned managed policies: a small inline quota makes every plan use them. */
export const modelPlanner = (raw: unknown, ctx: PlanContext) => planRole(raw, { ...ctx, limits: { ...ctx.limits, inlinePolicyChars: 900 } });

const FAULT_COMMANDS = [
  'CreateRole',
  'GetRole',
  'PutRolePolicy',
  'CreatePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'DeleteRolePolicy',
  'DeletePolicy',
  'DeleteRole',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'ListAttachedRolePolicies',
  'ListRolePolicies',
  'GetPolicy',
  'GetPolicyVersion',
  'GetRolePolicy',
  'TagRole',
  'UpdateRole',
] as const;

export type Fault =
  | { kind: 'throttle' | 'server-error' | 'lost-response'; command: string; times: number }
  | { kind: 'lag'; calls: number }
  | { kind: 'conflict-once'; command: 'DeleteRole' | 'DeletePolicy' }
  | { kind: 'refuse'; command: string }
  /** Refused to the second delivery only (a container whose calls fail where the other's succeed). */
  | { kind: 'refuse-second'; command: string };

const TRANSIENT_KINDS = new Set(['throttle', 'server-error', 'lost-response', 'lag']);

/**
 * How the deliveries of one event arrive: once, twice in a row (different
 * containers), twice at once, or again after CloudFormation has read the first
 * answer and moved on (a late duplicate).
 */
export type Delivery = 'single' | 'sequential' | 'concurrent' | 'late';

export interface EventSpec {
  delivery: Delivery;
  faults: Fault[];
}

export type Step =
  | { op: 'create'; props: PropsId; ev: EventSpec; variant: 'normal' | 'cancel' | 'lost-answer' | 'hang'; cancelAfterCalls: number; followUp: Fault[] }
  | { op: 'update'; props: PropsId; ev: EventSpec; then: 'complete' | 'rollback'; hang: boolean; followUp: Fault[] }
  | { op: 'delete'; ev: EventSpec };

export interface Sequence {
  seed: number;
  steps: Step[];
}

// ---- arbitraries -------------------------------------------------------------

const transientFault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom('throttle' as const, 'server-error' as const), command: fc.constantFrom(...FAULT_COMMANDS, '*'), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('lost-response' as const), command: fc.constantFrom(...FAULT_COMMANDS), times: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('lag' as const), calls: fc.integer({ min: 1, max: 3 }) }),
);

const anyFault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 6, arbitrary: transientFault },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('conflict-once' as const), command: fc.constantFrom('DeleteRole' as const, 'DeletePolicy' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refuse' as const), command: fc.constantFrom('PutRolePolicy', 'AttachRolePolicy', 'CreatePolicy', 'DeletePolicy', 'DeleteRole', 'CreatePolicyVersion', 'DetachRolePolicy') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('refuse-second' as const),
      command: fc.constantFrom('GetRole', 'ListRolePolicies', 'ListAttachedRolePolicies', 'ListPolicies', 'GetPolicy', 'PutRolePolicy', 'AttachRolePolicy', 'CreatePolicy', 'DeleteRole', 'DetachRolePolicy'),
    }),
  },
);

const eventSpec = (faults: fc.Arbitrary<Fault>): fc.Arbitrary<EventSpec> =>
  fc.record({
    delivery: fc.constantFrom<Delivery>('single', 'single', 'sequential', 'concurrent', 'concurrent', 'late'),
    faults: fc.array(faults, { maxLength: 3 }),
  });

const followUp = fc.array(transientFault, { maxLength: 2 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    props: fc.constantFrom(...PROPS_IDS),
    ev: eventSpec(anyFault),
    variant: fc.constantFrom('normal' as const, 'normal' as const, 'normal' as const, 'cancel' as const, 'lost-answer' as const, 'hang' as const),
    cancelAfterCalls: fc.integer({ min: 0, max: 12 }),
    followUp,
  }),
  fc.record({
    op: fc.constant('update' as const),
    props: fc.constantFrom(...PROPS_IDS),
    ev: eventSpec(anyFault),
    then: fc.constantFrom('complete' as const, 'rollback' as const),
    // One Update in ten hangs on IAM until the Lambda deadline.
    hang: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    followUp,
  }),
  fc.record({ op: fc.constant('delete' as const), ev: eventSpec(anyFault) }),
);

export const sequenceArb: fc.Arbitrary<Sequence> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 8 }),
});

// ---- running -----------------------------------------------------------------

export interface Violation {
  invariant: 'answers' | 'ids' | 'plan' | 'transient' | 'orphans' | 'foreign' | 'lag' | 'crash';
  detail: string;
}

export interface RunStats {
  sequences: number;
  events: number;
  deliveries: number;
  faultsArmed: number;
  faultsFired: number;
  lostResponses: number;
  violations: Violation[];
  /** Sequences with at least one violation. */
  failingSequences: number;
  /** Entities of ours left after the final Delete, summed over sequences. */
  orphans: number;
}

export function emptyStats(): RunStats {
  return { sequences: 0, events: 0, deliveries: 0, faultsArmed: 0, faultsFired: 0, lostResponses: 0, violations: [], failingSequences: 0, orphans: 0 };
}

interface Answer {
  requestId: string;
  status: string;
  physicalId: string;
  reason?: string;
}

/** CloudFormation's view of the resource: the id it holds and the properties it last applied. */
interface CfnResource {
  id: string;
  props: PropsId;
}

/** Per-run deps the provider gets beyond the defaults (tests of variants). */
export type ExtraDeps = () => Partial<HandlerDeps>;

const HANG_MS = 150;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** The role and owned-policy state a clean Create of the properties leaves, by role name: the oracle for "SUCCESS equals the plan". */
const referenceCache = new Map<PropsId, unknown>();

function entityView(fake: FakeIam, roleName: string): unknown {
  const role = fake.roles.get(roleName);
  if (!role) return undefined;
  const snap = fake.snapshot() as { roles: { name: string; attached: string[] }[]; policies: { arn: string }[] };
  const r = snap.roles.find((x) => x.name === roleName);
  const attachedDocs = snap.policies.filter((p) => r?.attached.includes(p.arn));
  return { role: r, policies: attachedDocs };
}

function reference(id: PropsId): unknown {
  const view = referenceCache.get(id);
  if (!view) throw new Error(`no reference for ${id}: call prepareReferences() first`);
  return view;
}

/** Clean Creates of every property set, each on its own fake IAM; run before a sequence installs its mock. */
export async function prepareReferences(): Promise<void> {
  for (const id of PROPS_IDS) if (!referenceCache.has(id)) referenceCache.set(id, await cleanCreate(id));
}

async function cleanCreate(id: PropsId): Promise<unknown> {
  const installed = installFakeIam();
  const cfn = installFakeCloudFormation();
  try {
    const clock = new VirtualClock();
    const answers: string[] = [];
    const handler = createHandler({
      iam: installed.client,
      cloudFormation: cfn.cfnClient,
      respond: async (_url, raw) => void answers.push(raw),
      clock,
      random: () => 0.5,
      logger: silentLogger(),
      env: {},
      planner: modelPlanner,
    });
    const event = simulateEvent('Create', PROPS[id]);
    cfn.cfn.expectEvent(event);
    await handler(event, lambdaContext(300_000, clock.now));
    const body = JSON.parse(answers[0]) as { Status: string; PhysicalResourceId: string };
    if (body.Status !== 'SUCCESS') throw new Error(`reference Create of ${id} failed: ${answers[0]}`);
    return entityView(installed.fake, body.PhysicalResourceId);
  } finally {
    installed.restore();
    cfn.restoreCfn();
  }
}

function ownedEntities(fake: FakeIam): string[] {
  const ours = (tags: { Key: string; Value: string }[]) =>
    tags.some((t) => t.Key === OwnershipTag.StackId && t.Value === STACK_ID) && tags.some((t) => t.Key === OwnershipTag.LogicalId && t.Value === LOGICAL_ID);
  return [
    ...[...fake.roles.values()].filter((r) => ours(r.tags)).map((r) => `role ${r.name}`),
    ...[...fake.policies.values()].filter((p) => ours(p.tags)).map((p) => `policy ${p.name}`),
  ];
}

function seedForeign(fake: FakeIam): unknown {
  // A role and a policy under our name prefix that belong to another resource of the same stack,
  // and an untagged one: the provider must never write to them.
  const otherTags = [
    { Key: OwnershipTag.StackId, Value: STACK_ID },
    { Key: OwnershipTag.LogicalId, Value: 'OtherRole' },
  ];
  fake.seedRole('SageMaker-other', { tags: otherTags });
  fake.seedPolicy('SageMaker-other-1', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), otherTags);
  fake.seedPolicy('SageMaker-model-a-9', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }));
  return foreignView(fake);
}

function foreignView(fake: FakeIam): unknown {
  const snap = fake.snapshot() as { roles: { name: string }[]; policies: { arn: string }[] };
  return {
    roles: snap.roles.filter((r) => r.name === 'SageMaker-other'),
    policies: snap.policies.filter((p) => /SageMaker-other-1$|SageMaker-model-a-9$/.test(p.arn)),
  };
}

function isTransient(f: Fault): boolean {
  return TRANSIENT_KINDS.has(f.kind);
}

function arm(fake: FakeIam, faults: readonly Fault[]): void {
  fake.clearFaults();
  fake.visibilityLagCalls = 0;
  for (const f of faults) {
    switch (f.kind) {
      case 'throttle':
        fake.throttle(f.command, f.times);
        break;
      case 'server-error':
        fake.serverError(f.command, f.times);
        break;
      case 'lost-response':
        fake.loseResponse(f.command, f.times);
        break;
      case 'lag':
        fake.visibilityLagCalls = f.calls;
        break;
      case 'conflict-once':
        fake.failNext(f.command, () => iamErrors.deleteConflict('Cannot delete entity, it is in use (test: concurrent attachment).'), 1);
        break;
      case 'refuse':
        fake.failNext(f.command, () => iamErrors.invalidInput(`${f.command} refused (test: permanent fault)`), 1_000);
        break;
      case 'refuse-second':
        fake.failNext(f.command, () => iamErrors.invalidInput(`${f.command} refused to the second delivery (test)`), 1_000, () => deliveryScope.getStore() === 'delivery 2');
        break;
    }
  }
}

/** Longest run of NoSuchEntity answers to the same call (command + target) by one delivery of one event. */
function longestMissingRun(calls: FakeIam['calls']): { run: number; what: string } {
  const runs = new Map<string, number>();
  let best = { run: 0, what: '' };
  for (const c of calls) {
    const key = `${c.caller ?? ''}: ${c.command} ${String(c.input.RoleName ?? '')} ${String(c.input.PolicyArn ?? '')} ${String(c.input.PolicyName ?? '')}`;
    if (c.result === 'NoSuchEntityException') {
      const n = (runs.get(key) ?? 0) + 1;
      runs.set(key, n);
      if (n > best.run) best = { run: n, what: key };
    } else runs.set(key, 0);
  }
  return best;
}

/** Which delivery of an event an IAM call belongs to: concurrent deliveries interleave their calls. */
const deliveryScope = new AsyncLocalStorage<string>();

export class ModelRun {
  private readonly installed: InstalledFake;
  private readonly fake: FakeIam;
  private readonly cfnInstalled = installFakeCloudFormation();
  /** CloudFormation: moves the stack into the state it sends each event in, and acts on the first answer it reads. */
  private readonly cfn: FakeCloudFormation = this.cfnInstalled.cfn;
  private readonly clock = new VirtualClock();
  private readonly random: () => number;
  private readonly answers = new Map<string, Answer[]>();
  private resource: CfnResource | undefined;
  private foreignBefore: unknown;
  readonly violations: Violation[] = [];
  events = 0;
  deliveries = 0;
  faultsArmed = 0;
  private requestCounter = 0;

  constructor(
    private readonly seq: Sequence,
    private readonly extraDeps: ExtraDeps = () => ({}),
  ) {
    this.installed = installFakeIam();
    this.fake = this.installed.fake;
    this.fake.sleep = this.clock.sleep;
    this.fake.caller = () => deliveryScope.getStore();
    this.random = rng(seq.seed);
    const r = this.random;
    // Concurrent deliveries run in different containers: now and then one falls
    // behind by whole event-loop turns while the other makes progress.
    this.fake.interleave = async () => {
      const x = r();
      if (x < 0.2) for (let i = Math.floor(x * 20); i >= 0; i--) await new Promise((resolve) => setImmediate(resolve));
      else for (let i = Math.floor(x * 3); i > 0; i--) await Promise.resolve();
    };
    this.foreignBefore = seedForeign(this.fake);
  }

  get faultsFired(): number {
    return this.fake.faultsFired.before + this.fake.faultsFired.after;
  }

  get lostResponses(): number {
    return this.fake.faultsFired.after;
  }

  dispose(): void {
    this.installed.restore();
    this.cfnInstalled.restoreCfn();
  }

  private violate(invariant: Violation['invariant'], detail: string): void {
    this.violations.push({ invariant, detail });
  }

  private handler(): Handler {
    return createHandler({
      iam: this.installed.client,
      respond: async (_url, raw) => {
        const body = JSON.parse(raw) as { RequestId: string; Status: string; PhysicalResourceId: string; Reason?: string };
        const list = this.answers.get(body.RequestId) ?? [];
        list.push({ requestId: body.RequestId, status: body.Status, physicalId: body.PhysicalResourceId, reason: body.Reason });
        this.answers.set(body.RequestId, list);
      },
      cloudFormation: this.cfnInstalled.cfnClient,
      clock: this.clock,
      random: this.random,
      logger: silentLogger(),
      env: {},
      planner: modelPlanner,
      ...this.extraDeps(),
    });
  }

  private nextRequestId(): string {
    return `model-${this.seq.seed}-${++this.requestCounter}`;
  }

  /**
   * Sends one event the way Lambda may deliver it, and returns the answer
   * CloudFormation reads (the first to arrive), after all deliveries finished.
   */
  private async send(
    event: CloudFormationCustomResourceEvent,
    spec: EventSpec,
    options: { remainingMs?: number; during?: (deliveriesDone: () => boolean) => Promise<void>; answerLost?: boolean } = {},
  ): Promise<Answer | undefined> {
    this.events++;
    this.cfn.expectEvent(event);
    // A delivery failing on its own while the other runs can undo the role the other then answers SUCCESS for:
    // no convergence prevents that race (README, "One answer per event"), so it is armed only when asked for.
    const faults = spec.delivery === 'concurrent' && !process.env.MODEL_RACES ? spec.faults.filter((f) => f.kind !== 'refuse-second') : spec.faults;
    this.faultsArmed += faults.length;
    arm(this.fake, faults);
    const requestId = event.RequestId;
    const callsBefore = this.fake.calls.length;
    const remaining = options.remainingMs ?? 300_000;
    let delivery = 0;
    const once = () => {
      this.deliveries++;
      const caller = `delivery ${++delivery}`;
      return deliveryScope.run(caller, () => this.handler()(event, lambdaContext(remaining, this.clock.now)));
    };
    const runs: Promise<unknown>[] = [];
    // CloudFormation reads an answer within seconds; Lambda retries an async event a minute or more later.
    let observed = false;
    const observeFirst = () => {
      const first = this.answers.get(requestId)?.[0];
      if (!first || options.answerLost || options.during || observed) return;
      observed = true;
      this.cfn.observeAnswer(event, { Status: first.status, PhysicalResourceId: first.physicalId });
    };
    if (spec.delivery === 'concurrent') runs.push(once(), once());
    else
      runs.push(
        once().then(() => {
          if (spec.delivery === 'single') return undefined;
          if (spec.delivery === 'late') observeFirst();
          return once();
        }),
      );
    let done = false;
    const deliveries = Promise.all(runs).finally(() => (done = true));
    await Promise.all([deliveries, options.during?.(() => done)]);
    // CloudFormation reads the answer and sends its next event seconds later: calls a timed-out
    // delivery had already sent (in flight, not new ones) land before that.
    for (let i = 0; i < 64; i++) await new Promise((resolve) => setImmediate(resolve));
    this.fake.clearFaults();
    this.fake.visibilityLagCalls = 0;
    // CloudFormation's next event comes seconds later: IAM has propagated by then.
    this.fake.settle();
    const expected = spec.delivery === 'single' ? 1 : 2;
    const got = this.answers.get(requestId) ?? [];
    if (process.env.MODEL_TRACE) {
      const e = event as { PhysicalResourceId?: string };
      console.log(`${event.RequestType} ${e.PhysicalResourceId ?? ''} ${spec.delivery} ${JSON.stringify(spec.faults)}`);
      for (const c of this.fake.calls.slice(callsBefore)) console.log(`   ${c.command} ${String(c.input.RoleName ?? c.input.PolicyArn ?? c.input.PolicyName ?? '')} ${c.result}`);
      for (const a of got) console.log(` -> ${a.status} ${a.physicalId} ${a.reason ?? ''}`);
    }
    if (got.length !== expected) this.violate('answers', `${event.RequestType} ${requestId}: ${got.length} answers for ${expected} deliveries`);
    const distinct = new Set(got.map((a) => `${a.status} ${a.physicalId}`));
    // A delivery that fails on its own while the other succeeds answers differently: convergence cannot prevent it
    // (README, "One answer per event"); every other invariant still holds for it.
    // A Create cancelled while it runs: CloudFormation reads no answer at all (it already deleted with an id it made
    // up), and a delivery that answered before it learned of the cancel cannot take that answer back.
    if (distinct.size > 1 && !spec.faults.some((f) => f.kind === 'refuse-second') && !options.during) {
      this.violate('answers', `${event.RequestType} ${requestId}: deliveries disagree: ${got.map((a) => `${a.status} ${a.physicalId} ${a.reason ?? ''}`.slice(0, 240)).join(' | ')}`);
    }
    for (const a of got) {
      if (a.status !== 'FAILED') continue;
      const sent = event.RequestType === 'Create' ? `${FAILED_CREATE_MARKER}${requestId}` : (event as { PhysicalResourceId: string }).PhysicalResourceId;
      if (a.physicalId !== sent) this.violate('ids', `${event.RequestType} ${requestId}: FAILED with id ${a.physicalId}, CloudFormation's is ${sent} (${a.reason ?? ''})`.slice(0, 400));
    }
    if (spec.faults.every(isTransient) && !options.during && remaining === 300_000) {
      const failed = got.find((a) => a.status !== 'SUCCESS');
      if (failed) this.violate('transient', `${event.RequestType} ${requestId}: FAILED under transient faults only [${spec.faults.map((f) => JSON.stringify(f)).join(', ')}]: ${failed.reason ?? ''}`.slice(0, 500));
    }
    const lag = longestMissingRun(this.fake.calls.slice(callsBefore));
    // Lag makes a fresh entity invisible for at most 3 calls; a delivery waits LAG_ATTEMPTS for one and re-checks a missing role twice.
    if (lag.run > LAG_ATTEMPTS + 2) this.violate('lag', `${event.RequestType} ${requestId}: ${lag.run} NoSuchEntity answers in a row to ${lag.what}`);
    if (this.fake.untaggedWrites.length) {
      this.violate('foreign', `${event.RequestType}: wrote to untagged entities: ${this.fake.untaggedWrites.map((w) => w.command).join(', ')}`);
      this.fake.untaggedWrites.length = 0;
    }
    // CloudFormation acts on the first answer it reads (unless it never arrives, or CloudFormation already moved on).
    observeFirst();
    return got[0];
  }

  private async checkPlan(roleName: string, props: PropsId, what: string): Promise<void> {
    const want = reference(props);
    const have = entityView(this.fake, roleName);
    if (JSON.stringify(have) !== JSON.stringify(want)) this.violate('plan', `${what}: role ${roleName} differs from the plan of ${props}`);
  }

  private checkNothingOwned(what: string): void {
    const left = ownedEntities(this.fake);
    if (left.length) this.violate('orphans', `${what}: CloudFormation holds no resource but IAM has ${left.join(', ')}`);
  }

  private event(type: 'Create' | 'Update' | 'Delete', props: PropsId, options: { physicalId?: string; oldProps?: PropsId } = {}) {
    return simulateEvent(type, PROPS[props], {
      requestId: this.nextRequestId(),
      physicalId: options.physicalId,
      oldProps: options.oldProps ? PROPS[options.oldProps] : undefined,
    });
  }

  /** A Delete CloudFormation must see succeed (rollback cleanup); retried like an operator would "continue rollback". */
  private async mustDelete(id: string, props: PropsId, faults: Fault[], what: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const a = await this.send(this.event('Delete', props, { physicalId: id }), { delivery: 'single', faults: attempt === 0 ? faults : [] });
      if (a?.status === 'SUCCESS') return;
    }
    this.violate('transient', `${what}: Delete of ${id} never succeeded`);
  }

  private async mustUpdate(props: PropsId, id: string, oldProps: PropsId, faults: Fault[], what: string): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const a = await this.send(this.event('Update', props, { physicalId: id, oldProps }), { delivery: 'single', faults: attempt === 0 ? faults : [] });
      if (a?.status === 'SUCCESS') {
        await this.checkPlan(a.physicalId, props, `${what} (rollback Update)`);
        return a.physicalId;
      }
    }
    this.violate('transient', `${what}: rollback Update to ${props} never succeeded`);
    return id;
  }

  async step(step: Step): Promise<void> {
    if (step.op === 'create') return this.create(step);
    if (step.op === 'update') return this.update(step);
    return this.delete(step);
  }

  private async create(step: Extract<Step, { op: 'create' }>): Promise<void> {
    if (this.resource) return this.update({ op: 'update', props: step.props, ev: step.ev, then: 'complete', hang: false, followUp: step.followUp });
    const event = this.event('Create', step.props);
    const requestId = event.RequestId;
    if (step.variant === 'cancel') {
      // The stack rolls back while the Create runs: CloudFormation stops waiting and deletes with an id it made up.
      const madeUp = `ml-platform-${LOGICAL_ID}-CANCEL${this.requestCounter}`;
      const start = this.fake.calls.length;
      const during = async (deliveriesDone: () => boolean) => {
        while (this.fake.calls.length - start < step.cancelAfterCalls && !deliveriesDone()) await new Promise((r) => setImmediate(r));
        await this.mustDelete(madeUp, step.props, step.followUp, 'cancelled Create');
      };
      await this.send(event, { delivery: step.ev.delivery, faults: step.ev.faults }, { during });
      this.checkNothingOwned(`after a Create cancelled after ${step.cancelAfterCalls} calls`);
      return;
    }
    if (step.variant === 'hang') {
      // IAM stops answering one call: the Create times out and CloudFormation deletes with the id it got.
      const hangOn = step.ev.faults.length ? 'AttachRolePolicy' : 'PutRolePolicy';
      this.fake.before(hangOn, () => new Promise<void>(() => undefined));
      const a = await this.send(event, { delivery: 'single', faults: [] }, { remainingMs: HANG_MS });
      this.fake.before(hangOn, () => undefined);
      if (a?.status === 'SUCCESS') {
        this.resource = { id: a.physicalId, props: step.props };
        return;
      }
      await this.mustDelete(a?.physicalId ?? `${FAILED_CREATE_MARKER}${requestId}`, step.props, step.followUp, 'timed-out Create');
      this.checkNothingOwned('after a timed-out Create and its Delete');
      return;
    }
    const a = await this.send(event, step.ev, { answerLost: step.variant === 'lost-answer' });
    if (step.variant === 'lost-answer' || !a) {
      // CloudFormation never read an answer: it times out and deletes with an id it made up.
      await this.mustDelete(`ml-platform-${LOGICAL_ID}-LOST${this.requestCounter}`, step.props, step.followUp, 'Create with a lost answer');
      this.checkNothingOwned('after a Create whose answer was lost');
      return;
    }
    if (a.status === 'SUCCESS') {
      this.resource = { id: a.physicalId, props: step.props };
      await this.checkPlan(a.physicalId, step.props, 'Create');
      return;
    }
    await this.mustDelete(a.physicalId, step.props, step.followUp, 'rollback of a failed Create');
    this.checkNothingOwned('after a failed Create and its rollback Delete');
  }

  private async update(step: Extract<Step, { op: 'update' }>): Promise<void> {
    const current = this.resource;
    if (!current) return this.create({ op: 'create', props: step.props, ev: step.ev, variant: 'normal', cancelAfterCalls: 0, followUp: step.followUp });
    const event = this.event('Update', step.props, { physicalId: current.id, oldProps: current.props });
    let a: Answer | undefined;
    if (step.hang) {
      this.fake.before('PutRolePolicy', () => new Promise<void>(() => undefined));
      a = await this.send(event, { delivery: 'single', faults: [] }, { remainingMs: HANG_MS });
      this.fake.before('PutRolePolicy', () => undefined);
    } else a = await this.send(event, step.ev);
    if (!a) return;
    if (a.status === 'FAILED') {
      // UPDATE_ROLLBACK: the old properties again, with the id CloudFormation holds.
      const id = await this.mustUpdate(current.props, current.id, step.props, step.followUp, 'rollback of a failed Update');
      if (id !== current.id) this.violate('ids', `rollback of a failed Update answered ${id}, CloudFormation holds ${current.id}`);
      // A replacement role the failed Update may have started is CloudFormation's to forget: only the old one may remain.
      this.resource = { id: current.id, props: current.props };
      this.checkOnlyCurrent('after a failed Update and its rollback');
      return;
    }
    await this.checkPlan(a.physicalId, step.props, 'Update');
    const replaced = a.physicalId !== current.id;
    if (step.then === 'complete') {
      if (replaced) await this.mustDelete(current.id, current.props, step.followUp, 'cleanup of a replaced role');
      this.resource = { id: a.physicalId, props: step.props };
      this.checkOnlyCurrent('after an Update');
      return;
    }
    // Another resource failed: roll back to the old properties, then clean up the replacement.
    const id = await this.mustUpdate(current.props, a.physicalId, step.props, step.followUp, 'rollback of a successful Update');
    if (id !== current.id) this.violate('ids', `rollback answered ${id}, the old id was ${current.id}`);
    if (replaced) await this.mustDelete(a.physicalId, step.props, [], 'cleanup of a rolled-back replacement');
    this.resource = { id: current.id, props: current.props };
    this.checkOnlyCurrent('after a rolled-back Update');
  }

  /** Only the role CloudFormation holds (and its attached owned policies) may carry our tags. */
  private checkOnlyCurrent(what: string): void {
    const current = this.resource;
    if (!current) return this.checkNothingOwned(what);
    const role = this.fake.roles.get(current.id);
    const allowed = new Set([`role ${current.id}`, ...(role?.attached ?? []).map((arn) => `policy ${arn.slice(arn.lastIndexOf('/') + 1)}`)]);
    const extra = ownedEntities(this.fake).filter((e) => !allowed.has(e));
    if (extra.length) this.violate('orphans', `${what}: CloudFormation holds ${current.id} but IAM also has ${extra.join(', ')}`);
  }

  private async delete(step: Extract<Step, { op: 'delete' }>): Promise<void> {
    const current = this.resource;
    if (!current) return;
    const a = await this.send(this.event('Delete', current.props, { physicalId: current.id }), step.ev);
    if (a?.status === 'SUCCESS') {
      this.resource = undefined;
      this.checkNothingOwned('after a Delete');
    }
  }

  /** The stack is deleted: Delete until it succeeds, then nothing of ours may remain. Returns the orphans. */
  async finish(): Promise<number> {
    const current = this.resource;
    if (current) await this.mustDelete(current.id, current.props, [], 'final Delete');
    this.resource = undefined;
    const left = ownedEntities(this.fake);
    if (left.length) this.violate('orphans', `after the final Delete IAM still has ${left.join(', ')}`);
    const after = foreignView(this.fake);
    if (JSON.stringify(after) !== JSON.stringify(this.foreignBefore)) this.violate('foreign', 'a foreign role or policy changed');
    return left.length;
  }
}

/** Runs one sequence; collects violations instead of throwing. */
export async function runSequence(seq: Sequence, stats: RunStats, extraDeps?: ExtraDeps): Promise<Violation[]> {
  await prepareReferences();
  const run = new ModelRun(seq, extraDeps);
  let orphans = 0;
  try {
    for (const step of seq.steps) await run.step(step);
    orphans = await run.finish();
  } catch (err) {
    run.violations.push({ invariant: 'crash', detail: String(err instanceof Error ? err.stack : err).slice(0, 800) });
  } finally {
    run.dispose();
  }
  stats.sequences++;
  stats.events += run.events;
  stats.deliveries += run.deliveries;
  stats.faultsArmed += run.faultsArmed;
  stats.faultsFired += run.faultsFired;
  stats.lostResponses += run.lostResponses;
  stats.orphans += orphans;
  stats.violations.push(...run.violations);
  if (run.violations.length) stats.failingSequences++;
  return run.violations;
}

export function summarize(stats: RunStats): Record<string, number> {
  const byInvariant: Record<string, number> = {};
  for (const v of stats.violations) byInvariant[v.invariant] = (byInvariant[v.invariant] ?? 0) + 1;
  return byInvariant;
}
