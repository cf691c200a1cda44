// The `sagemaker-persona-role` command: plan roles offline, list the catalog.
// Pure of process state so tests can run it; main.ts wires it to the process.

import { basename, extname } from 'node:path';
import {
  DEFAULT_LIMITS,
  PersonaRoleError,
  ValidationError,
  parseProperties,
  planFromProperties,
  type PlanContext,
  type QuotaLimits,
  type RolePlan,
} from '../policy-engine';
import { checkKnownOptions, keyValueOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { InputError, isTemplate, readDocument, rolesFromTemplate, type RoleInput } from './input';
import { UnresolvableError } from './intrinsics';
import { activitiesJson, activitiesTable, planSummary } from './summary';

/** Offline defaults, documented in the README: a placeholder account in us-east-1 of the commercial partition. */
export const CLI_DEFAULTS = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  logicalId: 'PersonaRole',
} as const;

const USAGE = `Usage:
  sagemaker-persona-role plan <file> [--json] [--logical-id ID] [--partition aws] [--region us-east-1]
                                     [--account 111122223333] [--stack-name NAME] [--max-attached-policies 10]
                                     [--parameter Key=Value ...]
  sagemaker-persona-role activities [--json]

<file> is a JSON properties file or a CloudFormation template (YAML or JSON).
--parameter (repeatable) sets a template Parameter, overriding its Default; lists are comma-separated.`;

const PLAN_OPTIONS = ['json', 'logical-id', 'partition', 'region', 'account', 'stack-name', 'max-attached-policies', 'parameter'];

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

function planContext(args: ParsedArgs, file: string, logicalId: string): PlanContext {
  const partition = stringOption(args, 'partition', CLI_DEFAULTS.partition);
  const region = stringOption(args, 'region', CLI_DEFAULTS.region);
  const account = stringOption(args, 'account', CLI_DEFAULTS.account);
  const stackName = stringOption(args, 'stack-name', basename(file, extname(file)));
  const maxAttached = stringOption(args, 'max-attached-policies', String(DEFAULT_LIMITS.attachedPolicies));
  if (!/^\d+$/.test(maxAttached) || Number(maxAttached) < 1) {
    throw new UsageError(`--max-attached-policies ${maxAttached}: must be a positive whole number (IAM's default is 10, up to 20 on request)`);
  }
  return {
    partition,
    region,
    account,
    stackName,
    stackId: `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/offline`,
    logicalId,
    limits: { attachedPolicies: Number(maxAttached) },
  };
}

function limitsOf(ctx: PlanContext): QuotaLimits {
  return { ...DEFAULT_LIMITS, ...ctx.limits };
}

function rolesIn(args: ParsedArgs, file: string): { roles: RoleInput[]; fromTemplate: boolean } {
  const doc = readDocument(file);
  const logicalId = args.options.get('logical-id');
  if (logicalId === true) throw new UsageError('--logical-id needs a value');
  const parameters = keyValueOption(args, 'parameter');
  if (isTemplate(doc)) {
    const ctx = planContext(args, file, 'unused');
    return { roles: rolesFromTemplate(doc, ctx, logicalId, parameters), fromTemplate: true };
  }
  if (Object.keys(parameters).length > 0) {
    throw new UsageError(`--parameter applies to templates; ${file} is a properties file (write the values into it)`);
  }
  return { roles: [{ logicalId: logicalId ?? CLI_DEFAULTS.logicalId, properties: doc }], fromTemplate: false };
}

function runPlan(args: ParsedArgs, io: CliIo): number {
  checkKnownOptions(args, PLAN_OPTIONS);
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) throw new UsageError('plan takes exactly one file');
  const { roles, fromTemplate } = rolesIn(args, file);
  const plans: Record<string, RolePlan> = {};
  const summaries: string[] = [];
  let failed = 0;
  for (const role of roles) {
    const ctx = planContext(args, file, role.logicalId);
    if ('error' in role) {
      failed++;
      io.err(`error: ${role.logicalId}: ${role.error}`);
      continue;
    }
    try {
      const props = parseProperties(role.properties);
      const plan = planFromProperties(props, ctx);
      plans[role.logicalId] = plan;
      summaries.push(planSummary(role.logicalId, props, plan, limitsOf(ctx)));
    } catch (error) {
      if (!(error instanceof PersonaRoleError)) throw error;
      failed++;
      io.err(describeError(role.logicalId, error));
    }
  }
  if (args.options.has('json')) {
    // No partial JSON: a script reading it must not mistake it for the whole template.
    if (failed > 0) return 1;
    // A properties file gives one plan; a template gives an object keyed by logical id.
    io.out(JSON.stringify(fromTemplate ? plans : plans[roles[0].logicalId], null, 2));
    return 0;
  }
  if (summaries.length > 0) {
    const ctx = planContext(args, file, '');
    io.out(`Planned offline for partition ${ctx.partition}, region ${ctx.region}, account ${ctx.account} (set --partition, --region, --account).\n`);
    io.out(summaries.join('\n\n'));
  }
  return failed > 0 ? 1 : 0;
}

function describeError(logicalId: string, error: PersonaRoleError): string {
  if (error instanceof ValidationError) {
    const lines = error.issues.map((i) => `  - ${i.path}: ${i.value === undefined ? '' : `${i.value} is invalid: `}${i.message}`);
    return `error: ${logicalId}: ${error.issues.length} invalid propert${error.issues.length === 1 ? 'y' : 'ies'}:\n${lines.join('\n')}`;
  }
  return `error: ${logicalId}: ${error.message}`;
}

function runActivities(args: ParsedArgs, io: CliIo): number {
  checkKnownOptions(args, ['json']);
  io.out(args.options.has('json') ? JSON.stringify(activitiesJson(), null, 2) : activitiesTable());
  return 0;
}

/** Runs one command; returns the exit code. Never throws for bad input. */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseArgs(argv, ['json', 'help']);
    if (args.command === undefined || args.command === 'help' || args.options.has('help')) {
      io.out(USAGE);
      return args.command === undefined && !args.options.has('help') ? 2 : 0;
    }
    if (args.command === 'plan') return runPlan(args, io);
    if (args.command === 'activities') return runActivities(args, io);
    throw new UsageError(`unknown command "${args.command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InputError || error instanceof UnresolvableError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
