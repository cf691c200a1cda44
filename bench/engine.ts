// Engine benchmarks: how compact packed plans are against a naive rendering,
// how much of the catalog fits one role, and how fast plans are made.

import {
  ACTIVITIES,
  findPersona,
  isRefusal,
  arnBuilder,
  DEFAULT_LIMITS,
  parseProperties,
  planFromProperties,
  policyJson,
  renderStatements,
  renderUnmerged,
  type PlanContext,
  type RolePlan,
  type RoleProperties,
} from '../src/policy-engine';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { BenchRow, BenchSection } from './types';

const ACCOUNT = '111122223333';
const CTX: PlanContext = {
  partition: 'aws',
  region: 'us-east-1',
  account: ACCOUNT,
  stackName: 'bench',
  stackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/bench/00000000-0000-0000-0000-000000000000`,
  logicalId: 'BenchRole',
};

const CLASSIC_11 = [
  'AccessRequiredAwsServices',
  'RunStudioApps',
  'ManageMLJobs',
  'ManageModels',
  'ManagePipelines',
  'ManageExperiments',
  'SearchVisualizeExperiments',
  'ManageModelMonitoring',
  'S3BucketAccess',
  'QueryAthenaWorkgroups',
  'ManageGlueTables',
];

const hex = (i: number, width: number) => i.toString(16).padStart(width, '0');
const passRoles = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/SageMaker-compute-${i + 1}`);
const buckets = (n: number) => Array.from({ length: n }, (_, i) => `team-a-data-bucket-${i + 1}`);
const keyArn = (i: number) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${hex(i, 8)}-12ab-34cd-56ef-1234567890ab`;
const VPC_AND_KMS = {
  VpcSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
  VpcSecurityGroupIds: ['sg-0123456789abcdef0'],
  DataKmsKeyArns: [keyArn(1)],
  VolumeKmsKeyArns: [keyArn(2)],
};

function nonWhitespace(text: string): number {
  return text.replace(/\s/g, '').length;
}

function packedChars(plan: RolePlan): number {
  return [...plan.inlinePolicies, ...plan.managedPolicies].reduce((n, p) => n + nonWhitespace(policyJson(p.document)), 0);
}

/** One policy per activity (and per role-level KMS/ABAC source), statements as rendered, nothing merged. */
function naiveChars(raw: Record<string, unknown>): number {
  const props = parseProperties(raw);
  return renderUnmerged(props, arnBuilder(CTX.partition, CTX.region, CTX.account)).reduce(
    (n, source) => n + nonWhitespace(JSON.stringify({ Version: '2012-10-17', Statement: source.statements }, null, 2)),
    0,
  );
}

/**
 * What merging could reach at best without action wildcards: every statement
 * sharing a condition folded into one, ignoring whether actions and resources
 * belong together (which would widen the grant; never done by the engine).
 */
function crossMergeFloor(raw: Record<string, unknown>): number {
  const statements = renderStatements(parseProperties(raw), arnBuilder(CTX.partition, CTX.region, CTX.account));
  const groups = new Map<string, { actions: Set<string>; resources: Set<string>; condition: unknown }>();
  for (const s of statements) {
    const resources = typeof s.Resource === 'string' ? [s.Resource] : s.Resource;
    const key = `${JSON.stringify(s.Condition ?? null)}${resources.includes('*') ? '*' : ''}`;
    const group = groups.get(key) ?? { actions: new Set<string>(), resources: new Set<string>(), condition: s.Condition };
    for (const a of typeof s.Action === 'string' ? [s.Action] : s.Action) group.actions.add(a);
    for (const r of resources) group.resources.add(r);
    groups.set(key, group);
  }
  const folded = [...groups.values()].map((g) => ({
    Effect: 'Allow',
    Action: [...g.actions],
    Resource: [...g.resources],
    ...(g.condition ? { Condition: g.condition } : {}),
  }));
  return nonWhitespace(JSON.stringify({ Version: '2012-10-17', Statement: folded }));
}

function actionWildcards(plan: RolePlan): number {
  return [...plan.inlinePolicies, ...plan.managedPolicies]
    .flatMap((p) => p.document.Statement)
    .flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : s.Action))
    .filter((a) => a.includes('*')).length;
}

function compaction(label: string, raw: Record<string, unknown>, slotTarget?: number): BenchRow[] {
  const plan = planFromProperties(parseProperties(raw), CTX);
  const packed = packedChars(plan);
  const naive = naiveChars(raw);
  const ratio = packed / naive;
  const rows: BenchRow[] = [
    { metric: `${label}: naive chars (1 policy/activity, unmerged)`, value: naive },
    { metric: `${label}: packed chars`, value: packed },
    { metric: `${label}: packed / naive`, value: `${(ratio * 100).toFixed(1)}%`, target: '<= 70%', ok: ratio <= 0.7 },
    {
      metric: `${label}: floor without action wildcards (unsafe cross-merge) / naive`,
      value: `${((crossMergeFloor(raw) / naive) * 100).toFixed(1)}%`,
    },
    { metric: `${label}: action wildcards`, value: actionWildcards(plan), target: '0', ok: actionWildcards(plan) === 0 },
  ];
  const slots = plan.managedPolicies.length;
  rows.push({
    metric: `${label}: managed-policy slots`,
    value: slots,
    ...(slotTarget !== undefined ? { target: `<= ${slotTarget}`, ok: slots <= slotTarget } : {}),
  });
  return rows;
}

const CAPACITY_VALUES: Record<string, unknown> = {
  PassRoles: passRoles(20),
  S3Buckets: buckets(50),
  EcrRepositories: ['team-a/training', 'team-a/inference', 'team-a/processing'],
  AthenaWorkgroups: ['team-a', 'team-a-adhoc'],
  GlueDatabases: ['team_a', 'team_a_curated'],
  KendraIndexes: ['0123abcd-4567-89ef-0123-456789abcdef'],
  MlflowTrackingServers: ['team-a-tracking'],
};

/**
 * The largest roles: every activity with VPC/KMS (several activities are
 * refused with UserIsolation, so that role has none), and every activity that
 * UserIsolation allows, with it. 20 pass roles, 50 buckets. With `regions`,
 * the same roles for several regions (informational: each region adds its ARNs).
 */
function capacity(regions?: readonly string[]): BenchRow[] {
  const isolatable = ACTIVITIES.filter((a) => !isRefusal(a.isolation));
  const where = regions ? ` in ${regions.length} regions (${regions.join(', ')})` : '';
  return [
    ...capacityOf(`all ${ACTIVITIES.length} activities + VPC/KMS${where}`, ACTIVITIES.map((a) => a.id), {}, regions),
    ...capacityOf(
      `the ${isolatable.length} activities UserIsolation allows + VPC/KMS + UserIsolation${where}`,
      isolatable.map((a) => a.id),
      { UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' } },
      regions,
    ),
  ];
}

function capacityOf(label: string, activities: string[], extra: Record<string, unknown>, regions?: readonly string[]): BenchRow[] {
  const used = new Set(
    ACTIVITIES.filter((a) => activities.includes(a.id)).flatMap((a) => [...a.requiredParameters, ...(a.optionalParameters ?? [])]),
  );
  const raw: Record<string, unknown> = {
    ...(regions ? { Regions: [...regions] } : {}),
    Persona: 'Custom',
    Activities: activities,
    ...Object.fromEntries(Object.entries(CAPACITY_VALUES).filter(([k]) => used.has(k as never))),
    ...VPC_AND_KMS,
    ...extra,
  };
  // The default single region must fit; several regions are reported, not required.
  const required = regions ? {} : { target: 'valid', ok: true };
  try {
    const plan = planFromProperties(parseProperties(raw), CTX);
    const inline = plan.inlinePolicies.reduce((n, p) => n + policyJson(p.document).length, 0);
    const managed = plan.managedPolicies.map((p) => policyJson(p.document).length);
    return [
      { metric: `${label}, 20 roles, 50 buckets: plan`, value: 'valid', ...required },
      { metric: `capacity (${label}): inline chars`, value: `${inline} / ${DEFAULT_LIMITS.inlinePolicyChars}` },
      { metric: `capacity (${label}): managed policies (chars each)`, value: managed.length === 0 ? 'none' : managed.join(', ') },
      {
        metric: `capacity (${label}): attached-policy slots used`,
        value: `${plan.managedPolicies.length} / ${DEFAULT_LIMITS.attachedPolicies}`,
        ...(regions ? {} : { target: `<= ${DEFAULT_LIMITS.attachedPolicies}`, ok: plan.managedPolicies.length <= DEFAULT_LIMITS.attachedPolicies }),
      },
    ];
  } catch (error) {
    return [{ metric: `capacity (${label}): plan`, value: (error as Error).message.slice(0, 160), ...(regions ? {} : { target: 'valid', ok: false }) }];
  }
}

/** Varied inputs so the timing is not of one cached shape: personas, suffixes, lists of different lengths. */
function workload(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const variant = i % 4;
    const common = { RoleNameSuffix: `team-${i}`, PassRoles: passRoles(1 + (i % 5)) };
    if (variant === 0) {
      return { Persona: 'DataScientist', ...common, S3Buckets: buckets(1 + (i % 7)), ...VPC_AND_KMS };
    }
    if (variant === 1) return { Persona: 'MLOps', ...common, S3Buckets: buckets(1 + (i % 3)), UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' } };
    if (variant === 2) return { Persona: 'ComputeRole', RoleNameSuffix: `compute-${i}`, S3Buckets: buckets(2), ...VPC_AND_KMS };
    return { Persona: 'Custom', Activities: ['ManageMLJobs', 'ManageExperiments'], ...common };
  });
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  documents: number;
}

type Planner = (props: RoleProperties, ctx: PlanContext) => RolePlan;

function timePlans(planWith: Planner, inputs: readonly { props: RoleProperties; ctx: PlanContext }[]): Timing {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  let documents = 0;
  for (const { props, ctx } of inputs) {
    const plan = planWith(props, ctx);
    documents += plan.inlinePolicies.length + plan.managedPolicies.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, documents };
}

/**
 * The engine as it ships: bundled by esbuild, like the Lambda and the CLI.
 * Under tsx every cross-module call goes through CommonJS export getters, a
 * cost of the dev loader that is measured separately below.
 */
function bundledPlanner(): Planner {
  const outfile = join(__dirname, 'results', 'engine.bundle.js');
  mkdirSync(dirname(outfile), { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, '..', 'src', 'policy-engine', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(outfile) as { planFromProperties: Planner }).planFromProperties;
}

const RUNS = 3;

/** The median of three timed runs after a warm-up, so one GC pause or a busy neighbour does not decide it. */
function throughput(count: number): BenchRow[] {
  const inputs = workload(count).map((raw, i) => ({ props: parseProperties(raw), ctx: { ...CTX, logicalId: `Role${i}` } }));
  const shipped = bundledPlanner();
  timePlans(shipped, inputs.slice(0, 2000)); // warm up the JIT
  const runs = Array.from({ length: RUNS }, () => timePlans(shipped, inputs)).sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(RUNS / 2)];
  timePlans(planFromProperties, inputs.slice(0, 2000));
  const dev = timePlans(planFromProperties, inputs);
  return [
    {
      metric: `render+pack ${count} role plans, bundled engine: wall seconds (median of ${RUNS})`,
      value: Number(median.seconds.toFixed(3)),
      target: '<= 2 s',
      ok: median.seconds <= 2,
    },
    { metric: `render+pack ${count} role plans: all runs (s)`, value: runs.map((r) => r.seconds.toFixed(2)).join(', ') },
    { metric: `render+pack ${count} role plans: CPU seconds (median run)`, value: Number(median.cpuSeconds.toFixed(3)) },
    { metric: 'plans per second (median run)', value: Math.round(count / median.seconds) },
    { metric: `render+pack ${count} role plans under tsx (dev loader, one run): wall seconds`, value: Number(dev.seconds.toFixed(3)) },
    { metric: 'machine load average (1 min) after the runs', value: Number(loadavg()[0].toFixed(2)) },
    { metric: 'policy documents produced per run', value: median.documents },
  ];
}

export async function run(): Promise<BenchSection> {
  const classic = {
    Persona: 'DataScientist',
    Activities: CLASSIC_11,
    PassRoles: passRoles(5),
    S3Buckets: buckets(5),
    AthenaWorkgroups: ['team-a'],
    GlueDatabases: ['team_a'],
    ...VPC_AND_KMS,
  };
  // The lab's walkthrough: the persona defaults with one pass role and one bucket.
  const defaults = {
    Persona: 'DataScientist',
    PassRoles: passRoles(1),
    S3Buckets: buckets(1),
  };
  return {
    name: 'engine',
    rows: [
      ...compaction('DataScientist 11 classic + VPC/KMS, 5 roles, 5 buckets', classic),
      ...compaction(`DataScientist ${findPersona('DataScientist')?.defaultActivities.length}-activity defaults`, defaults, 2),
      ...capacity(),
      ...capacity(['us-east-1', 'eu-west-1', 'ap-southeast-2']),
      ...throughput(10_000),
    ],
  };
}
