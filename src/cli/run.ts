// The `sagemaker-persona-role` command: plan roles offline, show what a change
// grants and revokes, list the catalog. Pure of process state so tests can run
// it; main.ts wires it to the process.

import { basename, extname } from 'node:path';
import {
  arnBuilder,
  DEFAULT_LIMITS,
  PersonaRoleError,
  ValidationError,
  parseProperties,
  planFromProperties,
  type PlanContext,
  type QuotaLimits,
  type RolePlan,
  type RoleProperties,
} from '../policy-engine';
import {
  closest,
  commandHelp,
  exactPositionals,
  keyValues,
  parseCommandArgs,
  stringValue,
  UsageError,
  wantsJson,
  type CommandSpec,
  type OptionSpec,
  type ParsedArgs,
} from './args';
import { diffPlans, formatDiff } from './diff';
import { InputError, isTemplate, readDocument, rolesFromTemplate, type RoleInput } from './input';
import { UnresolvableError } from './intrinsics';
import { activitiesJson, activitiesTable, planSummary } from './summary';
import { packageVersion } from './version';

const PROGRAM = 'sagemaker-persona-role';

/** Offline defaults, documented in the README: a placeholder account in us-east-1 of the commercial partition. */
export const CLI_DEFAULTS = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  logicalId: 'PersonaRole',
} as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input, read when a file argument is `-` (default: the process's). */
  stdin?: () => string;
}

/** One error as `--json` prints it: `{ errors: [{ path, value, message }] }`. */
export interface CliIssue {
  path: string;
  value?: string;
  message: string;
  /** The file it is about, when a command reads two. */
  file?: string;
}

const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'machine-readable output; errors too, as { errors: [{ path, value, message }] } on stderr' };

const PLAN_OPTIONS: Record<string, OptionSpec> = {
  json: JSON_OPTION,
  'logical-id': { type: 'string', placeholder: 'ID', description: 'plan only this resource of a template (or name the role of a properties file)' },
  partition: { type: 'string', placeholder: 'aws', description: `partition of the ARNs (default ${CLI_DEFAULTS.partition})` },
  region: { type: 'string', placeholder: 'REGION', description: `Region of the ARNs (default ${CLI_DEFAULTS.region})` },
  account: { type: 'string', placeholder: 'ACCOUNT', description: `account id of the ARNs (default ${CLI_DEFAULTS.account}, a placeholder)` },
  'stack-name': { type: 'string', placeholder: 'NAME', description: 'stack name for generated role names (default: the file name)' },
  'max-attached-policies': { type: 'string', placeholder: 'N', description: `attached-policy quota of the account (default ${DEFAULT_LIMITS.attachedPolicies})` },
  parameter: { type: 'string', multiple: true, placeholder: 'Name=Value', description: 'template Parameter value, overriding its Default; lists comma-separated' },
  'resource-value': {
    type: 'string',
    multiple: true,
    placeholder: 'Id.Attr=Value',
    description: 'value of Fn::GetAtt Id.Attr, or of Ref Id (Id=Value), for a resource known only once deployed',
  },
  'import-value': { type: 'string', multiple: true, placeholder: 'Name=Value', description: 'value of Fn::ImportValue Name' },
};

const INPUTS = `A file is a properties file (JSON or YAML: the resource's Properties), a CloudFormation template
(YAML or JSON; every ${'Custom::SageMakerPersonaRole'} in it), or \`-\` for standard input. Values known only
once deployed are given with --parameter, --resource-value and --import-value; every one that is missing
is reported at once.`;

const PLAN: CommandSpec = {
  name: 'plan',
  summary: 'Plans roles offline: what each grants, per activity, and how it fills IAM\'s policy quotas.',
  positionals: ['<file>'],
  details: `${INPUTS}\nExit status: 0 planned, 1 invalid input (every problem is listed), 2 usage error.`,
  options: PLAN_OPTIONS,
};

const DIFF: CommandSpec = {
  name: 'diff',
  summary: 'Shows what a change grants and revokes: actions per resource, conditions, pass roles, trust, replacement.',
  positionals: ['<old>', '<new>'],
  details:
    `${INPUTS.replace('A file is', 'Each file is')} Either may also be the output of \`plan --json\`.\n` +
    'Both are planned with the same options; the stack name defaults to the name of <new>. Roles are matched by logical id.\n' +
    'Exit status: 0 no permission change, 1 permissions change (or a role is added, deleted or replaced), 2 errors.',
  options: PLAN_OPTIONS,
};

const ACTIVITIES: CommandSpec = {
  name: 'activities',
  summary: 'Lists the ML activities of the catalog and the personas\' defaults.',
  positionals: [],
  options: { json: { type: 'boolean', description: 'machine-readable output' } },
};

const COMMANDS: Record<string, CommandSpec> = { plan: PLAN, diff: DIFF, activities: ACTIVITIES };

const GLOBAL: CommandSpec = {
  name: '',
  summary: '',
  positionals: [],
  options: { version: { type: 'boolean', description: 'print the version' }, json: JSON_OPTION },
};

const USAGE = `Usage: ${PROGRAM} <command> [options]

Commands:
  plan <file>           plan roles offline: grants per activity, quota use (--json: the role plans)
  diff <old> <new>      what a change grants and revokes (exit 0 none, 1 changes, 2 errors)
  activities            the ML activities and personas
  help [command]        this help, or a command's

Options:
  -h, --help            help (also after a command: ${PROGRAM} plan --help)
      --version         print the version
      --json            machine-readable output, errors included`;

function planContext(args: ParsedArgs, stackFile: string, logicalId: string): PlanContext {
  const partition = stringValue(args, 'partition') ?? CLI_DEFAULTS.partition;
  const region = stringValue(args, 'region') ?? CLI_DEFAULTS.region;
  const account = stringValue(args, 'account') ?? CLI_DEFAULTS.account;
  const stackName = stringValue(args, 'stack-name') ?? (stackFile === '-' ? 'stdin' : basename(stackFile, extname(stackFile)));
  const maxAttached = stringValue(args, 'max-attached-policies') ?? String(DEFAULT_LIMITS.attachedPolicies);
  if (!/^\d+$/.test(maxAttached) || Number(maxAttached) < 1) {
    throw new UsageError(
      `--max-attached-policies ${maxAttached}: must be a positive whole number (IAM's default is 10, up to 20 on request)`,
      '--max-attached-policies',
      maxAttached,
    );
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Output of `plan --json`: one plan, or plans keyed by logical id. */
function isPlan(value: unknown): value is RolePlan {
  return (
    isRecord(value) &&
    typeof value.roleName === 'string' &&
    isRecord(value.trustPolicy) &&
    Array.isArray(value.inlinePolicies) &&
    Array.isArray(value.managedPolicies) &&
    Array.isArray(value.managedPolicyArns)
  );
}

function planMap(doc: unknown): Record<string, RolePlan> | undefined {
  if (isPlan(doc)) return { [CLI_DEFAULTS.logicalId]: doc };
  if (isRecord(doc) && Object.keys(doc).length > 0 && Object.values(doc).every(isPlan)) return doc as Record<string, RolePlan>;
  return undefined;
}

interface Planned {
  logicalId: string;
  plan: RolePlan;
  props?: RoleProperties;
  ctx: PlanContext;
}

interface FileResult {
  planned: Planned[];
  issues: CliIssue[];
  human: string[];
  /** A template (or a map of plans): results are keyed by logical id. */
  keyed: boolean;
}

/** Path of a property in errors: within the resource of a template, as is in a properties file. */
function issuePath(keyed: boolean, logicalId: string, path: string): string {
  if (!keyed) return path;
  return path === '' ? `Resources.${logicalId}` : `Resources.${logicalId}.Properties.${path}`;
}

function roleErrors(role: Extract<RoleInput, { error: string }>): { issues: CliIssue[]; human: string } {
  const issues = role.issues.map((i) => ({ path: issuePath(true, role.logicalId, i.path), message: i.message }));
  const human =
    role.issues.length === 1
      ? `error: ${role.logicalId}: ${role.issues[0].message}`
      : `error: ${role.logicalId}: ${role.issues.length} values cannot be resolved offline:\n${role.issues.map((i) => `  - ${i.message}`).join('\n')}`;
  return { issues, human };
}

function engineErrors(logicalId: string, keyed: boolean, error: PersonaRoleError): { issues: CliIssue[]; human: string } {
  if (error instanceof ValidationError) {
    const lines = error.issues.map((i) => `  - ${i.path}: ${i.value === undefined ? '' : `${i.value} is invalid: `}${i.message}`);
    return {
      issues: error.issues.map((i) => ({ path: issuePath(keyed, logicalId, i.path), ...(i.value !== undefined ? { value: i.value } : {}), message: i.message })),
      human: `error: ${logicalId}: ${error.issues.length} invalid propert${error.issues.length === 1 ? 'y' : 'ies'}:\n${lines.join('\n')}`,
    };
  }
  return { issues: [{ path: issuePath(keyed, logicalId, ''), message: error.message }], human: `error: ${logicalId}: ${error.message}` };
}

/** Plans every role of one file (a template, a properties file or `plan --json` output), collecting every error. */
function planFile(args: ParsedArgs, file: string, stackFile: string, io: CliIo): FileResult {
  const doc = readDocument(file, io.stdin);
  const logicalId = stringValue(args, 'logical-id');
  const parameters = keyValues(args, 'parameter', 'Persona=MLOps');
  const resources = keyValues(args, 'resource-value', 'DataBucket=team-a-data');
  const imports = keyValues(args, 'import-value', 'SharedKmsKeyArn=arn:aws:kms:...');
  const templateOnly = Object.keys({ ...parameters, ...resources, ...imports }).length > 0;
  const stored = planMap(doc);
  if (stored !== undefined) {
    const keyed = !isPlan(doc);
    const ids = Object.keys(stored).filter((id) => logicalId === undefined || id === logicalId || !keyed);
    if (ids.length === 0) throw new InputError(`--logical-id ${logicalId}: ${file} has plans of ${Object.keys(stored).join(', ')}`, '--logical-id');
    const ctx = planContext(args, stackFile, '');
    return { planned: ids.map((id) => ({ logicalId: keyed ? id : (logicalId ?? id), plan: stored[id], ctx })), issues: [], human: [], keyed };
  }
  let roles: RoleInput[];
  const keyed = isTemplate(doc);
  if (keyed) {
    const ctx = planContext(args, stackFile, 'unused');
    roles = rolesFromTemplate(doc, ctx, logicalId, parameters, { resources, imports });
  } else {
    if (templateOnly) {
      throw new UsageError(
        `--parameter, --resource-value and --import-value apply to templates; ${file} is a properties file (write the values into it)`,
        '--parameter',
      );
    }
    roles = [{ logicalId: logicalId ?? CLI_DEFAULTS.logicalId, properties: doc }];
  }
  const result: FileResult = { planned: [], issues: [], human: [], keyed };
  for (const role of roles) {
    const ctx = planContext(args, stackFile, role.logicalId);
    if ('error' in role) {
      const { issues, human } = roleErrors(role);
      result.issues.push(...issues);
      result.human.push(human);
      continue;
    }
    try {
      const props = parseProperties(role.properties);
      result.planned.push({ logicalId: role.logicalId, plan: planFromProperties(props, ctx), props, ctx });
    } catch (error) {
      if (!(error instanceof PersonaRoleError)) throw error;
      const { issues, human } = engineErrors(role.logicalId, keyed, error);
      result.issues.push(...issues);
      result.human.push(human);
    }
  }
  return result;
}

function runPlan(args: ParsedArgs, io: CliIo, report: Reporter): number {
  const [file] = exactPositionals(args, PLAN);
  const result = planFile(args, file, file, io);
  const json = args.values.json === true;
  if (result.issues.length > 0) report.inputErrors(result.issues, result.human);
  if (json) {
    // No partial JSON: a script reading it must not mistake it for the whole template.
    if (result.issues.length > 0) return 1;
    const plans = Object.fromEntries(result.planned.map((p) => [p.logicalId, p.plan]));
    // A properties file gives one plan; a template gives an object keyed by logical id.
    io.out(JSON.stringify(result.keyed ? plans : result.planned[0].plan, null, 2));
    return 0;
  }
  const summaries = result.planned.map((p) => {
    if (p.props === undefined) return `${p.logicalId}\n  (a stored plan: ${p.plan.roleName})`;
    return planSummary(p.logicalId, p.props, p.plan, limitsOf(p.ctx), arnBuilder(p.ctx.partition, p.ctx.region, p.ctx.account));
  });
  if (summaries.length > 0) {
    const ctx = planContext(args, file, '');
    io.out(`Planned offline for partition ${ctx.partition}, region ${ctx.region}, account ${ctx.account} (set --partition, --region, --account).\n`);
    io.out(summaries.join('\n\n'));
  }
  return result.issues.length > 0 ? 1 : 0;
}

function runDiff(args: ParsedArgs, io: CliIo, report: Reporter): number {
  const [oldFile, newFile] = exactPositionals(args, DIFF);
  if (oldFile === '-' && newFile === '-') throw new UsageError('only one of <old> and <new> can be - (standard input)', '-', '-');
  // One stack name for both sides, so a generated role name does not look like a replacement.
  const sides = [oldFile, newFile].map((file) => ({ file, result: planFile(args, file, newFile, io) }));
  const issues = sides.flatMap(({ file, result }) => result.issues.map((i) => ({ ...i, file })));
  if (issues.length > 0) {
    report.inputErrors(issues, sides.flatMap(({ file, result }) => result.human.map((h) => h.replace(/^error: /, `error: ${file}: `))));
    return 2;
  }
  const [before, after] = sides.map(({ result }) => result);
  const toMap = (r: FileResult) => new Map(r.planned.map((p) => [p.logicalId, p.plan]));
  // One role on each side, neither from a template: the same role, whatever it is called.
  const single = !before.keyed && !after.keyed && before.planned.length === 1 && after.planned.length === 1;
  const diff = single
    ? diffPlans(new Map([[after.planned[0].logicalId, before.planned[0].plan]]), toMap(after))
    : diffPlans(toMap(before), toMap(after));
  io.out(args.values.json === true ? JSON.stringify(diff, null, 2) : formatDiff(diff));
  return diff.changed ? 1 : 0;
}

function runActivities(args: ParsedArgs, io: CliIo): number {
  exactPositionals(args, ACTIVITIES);
  io.out(args.values.json === true ? JSON.stringify(activitiesJson(), null, 2) : activitiesTable());
  return 0;
}

/** Writes errors as text, or with --json as `{ errors: [...] }`, always on stderr. */
class Reporter {
  constructor(private readonly io: CliIo, private readonly json: boolean) {}

  inputErrors(issues: CliIssue[], human: string[]): void {
    if (this.json) this.io.err(JSON.stringify({ errors: issues }, null, 2));
    else for (const line of human) this.io.err(line);
  }

  usage(error: UsageError, help: string): void {
    if (this.json) {
      this.io.err(JSON.stringify({ errors: [{ path: error.argument, ...(error.value !== undefined ? { value: error.value } : {}), message: error.message }] }, null, 2));
    } else {
      this.io.err(`error: ${error.message}\n${help}`);
    }
  }

  failure(message: string, path = ''): void {
    if (this.json) this.io.err(JSON.stringify({ errors: [{ path, message }] }, null, 2));
    else this.io.err(`error: ${message}`);
  }
}

/** Runs one command; returns the exit code. Never throws for bad input. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const report = new Reporter(io, wantsJson(argv));
  const [first, ...rest] = argv;
  const spec = first === undefined ? undefined : COMMANDS[first];
  try {
    if (first === undefined) throw new UsageError('a command is required: plan, diff or activities');
    if (first === 'help') {
      const [topic, ...extra] = rest;
      if (extra.length > 0) throw new UsageError(`help takes at most one command (unexpected: ${extra.join(' ')})`, extra[0], extra[0]);
      if (topic === undefined || topic === '--help' || topic === '-h') io.out(USAGE);
      else if (COMMANDS[topic]) io.out(commandHelp(PROGRAM, COMMANDS[topic]));
      else throw new UsageError(`unknown command "${topic}"; commands: ${Object.keys(COMMANDS).join(', ')}`, topic, topic);
      return 0;
    }
    if (spec === undefined) {
      if (first.startsWith('-')) {
        const args = parseCommandArgs(argv, GLOBAL);
        if (args.positionals.length > 0) {
          const [command] = args.positionals;
          throw new UsageError(`options go after the command: ${PROGRAM} ${command} [options]`, command, command);
        }
        if (args.values.version === true) {
          io.out(packageVersion());
          return 0;
        }
        if (args.values.help === true) {
          io.out(USAGE);
          return 0;
        }
        throw new UsageError('a command is required: plan, diff or activities');
      }
      const guess = closest(first, Object.keys(COMMANDS));
      throw new UsageError(`unknown command "${first}"${guess ? ` (did you mean "${guess}"?)` : ''}; commands: ${Object.keys(COMMANDS).join(', ')}, help`, first, first);
    }
    const args = parseCommandArgs(rest, spec);
    if (args.values.help === true) {
      io.out(commandHelp(PROGRAM, spec));
      return 0;
    }
    if (spec === PLAN) return runPlan(args, io, report);
    if (spec === DIFF) return runDiff(args, io, report);
    return runActivities(args, io);
  } catch (error) {
    // diff keeps 0 and 1 for "no change" and "change": every error is 2 there.
    const inputExit = spec === DIFF ? 2 : 1;
    if (error instanceof UsageError) {
      report.usage(error, spec ? `Run "${PROGRAM} ${spec.name} --help" for its options.` : first === undefined ? `\n${USAGE}` : `Run "${PROGRAM} --help" for usage.`);
      return 2;
    }
    if (error instanceof InputError || error instanceof UnresolvableError) {
      report.failure(error.message, error instanceof InputError ? error.path : (error.issues[0]?.path ?? ''));
      return inputExit;
    }
    throw error;
  }
}
