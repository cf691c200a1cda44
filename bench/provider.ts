// Provider benchmarks: IAM calls per operation against the minimum possible,
// create latency as sequential IAM round trips, bundle size and cold import
// time, and 100 concurrent Creates against a throttled IAM. IAM is the
// in-memory fake; time is simulated (SimClock) so minutes cost milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { createHandler } from '../lambda/handler';
import type { RolePlan } from '../src/policy-engine/types';
import { planRole } from '../src/policy-engine/plan';
import { SERVICE_TOKEN, simulateEvent, type Props } from '../test/support/cfn-events';
import { installFakeCloudFormation, type InstalledCfn } from '../test/support/cfn-state';
import { installFakeIam, type InstalledFake } from '../test/support/iam-fake';
import { SimClock } from '../test/support/sim-clock';
import type { BenchRow, BenchSection } from './types';

const ROOT = resolve(__dirname, '..');
const BUNDLE = join(ROOT, 'dist/lambda/index.js');
const LATENCY_MS = 50;
const COMPUTE_ROLE = 'arn:aws:iam::111122223333:role/SageMaker-compute';
const BASE: Props = {
  Persona: 'Custom',
  Activities: ['ManageMLJobs'],
  RoleNameSuffix: 'bench',
  PassRoles: [COMPUTE_ROLE],
  ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
};
const ONE_PARAM: Props = { ...BASE, PassRoles: [COMPUTE_ROLE, 'arn:aws:iam::111122223333:role/SageMaker-batch'] };
const REPLACED: Props = { ...ONE_PARAM, RoleNameSuffix: 'bench-b' };
const STACK = { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 'ml-platform', stackId: 'x', logicalId: 'DataScientistRole' };

/** Deterministic jitter so runs are comparable. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rig {
  installed: InstalledFake;
  /** The CloudFormation stand-in every event is confirmed with. */
  cfn: InstalledCfn;
  clock: SimClock;
  statuses: string[];
  send(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<void>;
}

function rig(): Rig {
  const installed = installFakeIam();
  const cfn = installFakeCloudFormation();
  const clock = new SimClock();
  installed.fake.sleep = clock.sleep;
  cfn.cfn.sleep = clock.sleep;
  const statuses: string[] = [];
  const handler = createHandler({
    iam: installed.client,
    respond: async (_url, body) => {
      statuses.push((JSON.parse(body) as { Status: string; Reason?: string }).Status);
    },
    clock,
    random: seededRandom(42),
    logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    env: {},
    cloudFormation: cfn.cfnClient,
  });
  return {
    installed,
    cfn,
    clock,
    statuses,
    send: (event, remainingMs = 300_000) => {
      const end = clock.now() + remainingMs;
      cfn.cfn.expectEvent(event);
      return clock.run(handler(event, { getRemainingTimeInMillis: () => end - clock.now(), invokedFunctionArn: SERVICE_TOKEN }));
    },
  };
}

function planOf(props: Props): RolePlan {
  return planRole({ ServiceToken: 's', ...props }, STACK);
}

function createMinimum(plan: RolePlan): number {
  return 1 + plan.inlinePolicies.length + plan.managedPolicies.length * 2 + plan.managedPolicyArns.length;
}

async function callsPerOperation(rows: BenchRow[]): Promise<void> {
  const r = rig();
  const fake = r.installed.fake;
  const ops: { op: string; event: CloudFormationCustomResourceEvent; min: number }[] = [
    { op: 'create', event: simulateEvent('Create', BASE), min: createMinimum(planOf(BASE)) },
    { op: 'no-op update', event: simulateEvent('Update', BASE, { physicalId: 'SageMaker-bench', oldProps: BASE }), min: 0 },
    { op: 'one-parameter update', event: simulateEvent('Update', ONE_PARAM, { physicalId: 'SageMaker-bench', oldProps: BASE }), min: 1 },
    { op: 'replacement', event: simulateEvent('Update', REPLACED, { physicalId: 'SageMaker-bench', oldProps: ONE_PARAM }), min: createMinimum(planOf(REPLACED)) },
  ];
  try {
    for (const { op, event, min } of ops) {
      fake.clearCalls();
      const cfnBefore = r.cfn.cfn.calls.length;
      await r.send(event);
      r.cfn.cfn.observeAnswer(event, { Status: r.statuses[r.statuses.length - 1], PhysicalResourceId: op === 'replacement' ? 'SageMaker-bench-b' : 'SageMaker-bench' });
      const writes = fake.writes().length;
      const confirmations = r.cfn.cfn.calls.length - cfnBefore;
      rows.push({ metric: `${op}: IAM writes (reads) + CloudFormation reads`, value: `${writes} (${fake.calls.length - writes}) + ${confirmations}`, target: `writes = ${min}`, ok: writes === min });
    }
    const role = fake.roles.get('SageMaker-bench-b');
    const deleteMin = (role?.attached.length ?? 0) + (role?.inline.size ?? 0) + 1;
    fake.clearCalls();
    await r.send(simulateEvent('Delete', REPLACED, { physicalId: 'SageMaker-bench-b' }));
    const writes = fake.writes().length;
    rows.push({ metric: 'delete: IAM writes (reads)', value: `${writes} (${fake.calls.length - writes})`, target: `writes = ${deleteMin}`, ok: writes === deleteMin });
  } finally {
    r.installed.restore();
    r.cfn.restoreCfn();
  }
}

async function createRoundTrips(rows: BenchRow[]): Promise<void> {
  const variants: { label: string; props: Props; inlineLimit?: number }[] = [
    { label: 'inline policy + 1 user policy', props: BASE },
    { label: 'owned managed policies + 1 user policy', props: BASE, inlineLimit: 600 },
  ];
  for (const v of variants) {
    const installed = installFakeIam();
    const cfn = installFakeCloudFormation();
    const clock = new SimClock();
    installed.fake.sleep = clock.sleep;
    installed.fake.latencyMs = LATENCY_MS;
    cfn.cfn.sleep = clock.sleep;
    cfn.cfn.latencyMs = LATENCY_MS;
    let status = '';
    const handler = createHandler({
      iam: installed.client,
      respond: async (_u, body) => {
        status = (JSON.parse(body) as { Status: string }).Status;
      },
      clock,
      random: seededRandom(7),
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      env: {},
      planner: v.inlineLimit ? (raw, ctx) => planRole(raw, { ...ctx, limits: { ...ctx.limits, inlinePolicyChars: v.inlineLimit } }) : undefined,
      cloudFormation: cfn.cfnClient,
    });
    const event = simulateEvent('Create', v.props);
    cfn.cfn.expectEvent(event);
    const start = clock.now();
    await clock.run(handler(event, { getRemainingTimeInMillis: () => 300_000, invokedFunctionArn: SERVICE_TOKEN }));
    const trips = (clock.now() - start) / LATENCY_MS;
    // CloudFormation adds two round trips of two reads sent together: the confirmation before any IAM call (issue 8)
    // and the check that the stack still waits for this Create before answering SUCCESS (issue 12).
    rows.push({
      metric: `create (${v.label}): sequential round trips at ${LATENCY_MS} ms/call (CloudFormation + IAM)`,
      value: `${trips} (${cfn.cfn.calls.length} CloudFormation + ${installed.fake.calls.length} IAM calls, ${status})`,
      target: '<= 5 (3 IAM + confirmation + re-check)',
      ok: trips <= 5 && status === 'SUCCESS',
    });
    installed.restore();
    cfn.restoreCfn();
  }
}

async function concurrentCreates(rows: BenchRow[]): Promise<void> {
  const r = rig();
  const fake = r.installed.fake;
  fake.latencyMs = LATENCY_MS;
  fake.rateLimit = { callsPerSecond: 5, now: r.clock.now };
  const deadlineMs = 5 * 60_000;
  try {
    const events = Array.from({ length: 100 }, (_, i) => simulateEvent('Create', { ...BASE, RoleNameSuffix: `bench-${i}` }, { logicalId: `Role${i}` }));
    const start = r.clock.now();
    // One Lambda invocation per event, all at once, sharing one throttled IAM.
    const handlerRuns = Promise.all(events.map((e) => r.send(e, deadlineMs)));
    await handlerRuns;
    const elapsed = (r.clock.now() - start) / 1000;
    const succeeded = r.statuses.filter((s) => s === 'SUCCESS').length;
    const throttled = fake.calls.filter((c) => c.result === 'Throttling').length;
    rows.push({
      metric: '100 concurrent creates, IAM throttled to 5 calls/s: converged',
      value: `${succeeded}/100 in ${elapsed.toFixed(1)} s simulated`,
      target: '100/100 within 300 s',
      ok: succeeded === 100 && fake.roles.size === 100 && elapsed <= 300,
    });
    rows.push({ metric: '100 concurrent creates: IAM calls (throttled)', value: `${fake.calls.length} (${throttled})` });
  } finally {
    r.installed.restore();
    r.cfn.restoreCfn();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `node -e <code>`, alternating with the baseline so machine load affects both alike. */
function coldStarts(codes: string[], runs = 15): number[][] {
  const times = codes.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    codes.forEach((code, k) => {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', code], { stdio: 'ignore', cwd: ROOT });
      times[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    });
  }
  return times;
}

async function bundleFigures(rows: BenchRow[]): Promise<void> {
  if (!existsSync(BUNDLE)) spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'provider-bench-'));
  // The alternative: @aws-sdk/* taken from the Lambda runtime instead of bundled.
  const external = join(dir, 'external-sdk.js');
  await build({
    entryPoints: [join(ROOT, 'lambda/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    outfile: external,
    logLevel: 'silent',
    nodePaths: [join(ROOT, 'node_modules')],
  });
  try {
    for (const [label, file] of [
      ['bundle (SDK bundled, shipped)', BUNDLE],
      ['bundle (SDK from runtime, alternative)', external],
    ] as const) {
      const bytes = statSync(file).size;
      rows.push({ metric: `${label}: bytes (gzip)`, value: `${bytes} (${gzipSync(readFileSync(file)).length})` });
    }
    const requireCode = (file: string) => `require(${JSON.stringify(file)})`;
    const [empty, bundled, ext] = coldStarts(['', requireCode(BUNDLE), `module.paths.push(${JSON.stringify(join(ROOT, 'node_modules'))});${requireCode(external)}`]);
    const base = median(empty);
    const ratio = median(bundled) / base;
    rows.push({ metric: 'empty node -e "" start: median ms', value: base.toFixed(0) });
    rows.push({ metric: 'cold import of the shipped bundle: median ms (ratio)', value: `${median(bundled).toFixed(0)} (${ratio.toFixed(2)}x)`, target: '<= 1.5x', ok: ratio <= 1.5 });
    rows.push({ metric: 'cold import, SDK from runtime: median ms (ratio)', value: `${median(ext).toFixed(0)} (${(median(ext) / base).toFixed(2)}x)` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  await callsPerOperation(rows);
  await createRoundTrips(rows);
  await concurrentCreates(rows);
  await bundleFigures(rows);
  return { name: 'provider', rows };
}

if (require.main === module) {
  run().then((s) => {
    for (const r of s.rows) process.stdout.write(`${r.metric}: ${r.value}${r.target ? `  [target ${r.target}: ${r.ok ? 'ok' : 'MISS'}]` : ''}\n`);
  });
}
