// Command-line arguments, parsed strictly with node:util's parseArgs: an option
// a command does not take, a value given to a flag, or an option missing its
// value is a usage error (exit 2), never silently read as something else.

import { parseArgs as parseNodeArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** Placeholder in help, e.g. `Key=Value`. */
  placeholder?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Positional arguments as shown in help, e.g. `<file>`. */
  positionals: string[];
  /** What the positionals are and how they are read. */
  details?: string;
  options: Record<string, OptionSpec>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {
  /** The argument at fault (e.g. `--acount`), for JSON errors. */
  readonly argument: string;
  readonly value?: string;
  constructor(message: string, argument = '', value?: string) {
    super(message);
    this.name = 'UsageError';
    this.argument = argument;
    if (value !== undefined) this.value = value;
  }
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The closest of `known` to `name`, if close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const candidate of known) {
    const d = levenshtein(name, candidate);
    if (d < distance) [best, distance] = [candidate, d];
  }
  return distance <= Math.max(2, Math.floor(name.length / 3)) && distance < name.length ? best : undefined;
}

function optionsOf(spec: CommandSpec): Record<string, OptionSpec> {
  return { help: HELP, ...spec.options };
}

/**
 * `--flag=true` and `--flag=false` for boolean options, as scripts write them; parseArgs itself only knows
 * `--flag` and `--no-flag`. Anything after `--` is left alone.
 */
function explicitBooleans(argv: readonly string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  let ended = false;
  for (const arg of argv) {
    const match = /^--([^=]+)=(.*)$/s.exec(arg);
    if (arg === '--') ended = true;
    if (ended || !match || options[match[1]]?.type !== 'boolean') {
      out.push(arg);
      continue;
    }
    const [, name, value] = match;
    if (value === 'true') out.push(`--${name}`);
    else if (value === 'false') out.push(`--no-${name}`);
    else throw new UsageError(`--${name} is a flag: give it alone, or as --${name}=true or --${name}=false (not "${value}")`, `--${name}`, value);
  }
  return out;
}

/** The option name in one of parseArgs' error messages, e.g. `--account` from "Option '--account <value>' argument missing". */
function optionIn(message: string): string {
  return /'(-{1,2}[^' =]+)/.exec(message)?.[1] ?? '';
}

function longName(argument: string, options: Record<string, OptionSpec>): string | undefined {
  if (argument.startsWith('--')) return argument.slice(2);
  return Object.keys(options).find((name) => `-${options[name].short}` === argument);
}

function usageErrorOf(error: Error & { code?: string }, spec: CommandSpec): UsageError {
  const options = optionsOf(spec);
  const argument = optionIn(error.message);
  const takes = `${spec.name === '' ? 'sagemaker-persona-role' : spec.name} takes ${Object.keys(options).map((o) => `--${o}`).join(', ')}`;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = argument.replace(/^-+/, '');
    const guess = closest(name, Object.keys(options));
    return new UsageError(`unknown option ${argument}${guess ? ` (did you mean --${guess}?)` : ''}; ${takes}`, argument);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = longName(argument, options);
    const option = name === undefined ? undefined : options[name];
    if (option?.type === 'boolean') return new UsageError(`--${name} is a flag and takes no value`, argument);
    const example = option?.placeholder ?? 'VALUE';
    return new UsageError(`${argument} needs a value, e.g. ${argument} ${example} (a value starting with "-": ${argument}=-...)`, argument);
  }
  return new UsageError(error.message, argument);
}

/** Parses one command's arguments (everything after the command name). */
export function parseCommandArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const options = optionsOf(spec);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(options)) {
    config[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  try {
    const parsed = parseNodeArgs({
      args: explicitBooleans(argv, options),
      options: config,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
    return { values: { ...parsed.values }, positionals: parsed.positionals };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw usageErrorOf(error as Error, spec);
    throw error;
  }
}

/** Whether errors should be JSON: the last --json / --no-json / --json=... before `--` wins. */
export function wantsJson(argv: readonly string[]): boolean {
  let json = false;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--json' || arg === '--json=true') json = true;
    else if (arg === '--no-json' || arg === '--json=false') json = false;
  }
  return json;
}

export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--name Key=Value`, repeatable: a record of Key → Value (Value may be empty; a Key given twice is an error). */
export function keyValues(args: ParsedArgs, name: string, example: string): Record<string, string> {
  const items = args.values[name];
  const out: Record<string, string> = {};
  for (const item of Array.isArray(items) ? items.filter((i): i is string => typeof i === 'string') : []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} ${item}: expected Key=Value, e.g. --${name} ${example}`, `--${name}`, item);
    const key = item.slice(0, eq);
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new UsageError(`--${name} ${key} is given twice`, `--${name}`, item);
    out[key] = item.slice(eq + 1);
  }
  return out;
}

export function exactPositionals(args: ParsedArgs, spec: CommandSpec): string[] {
  if (args.positionals.length !== spec.positionals.length) {
    const expected = spec.positionals.length === 1 ? 'exactly one argument' : `exactly ${spec.positionals.length} arguments`;
    const extra = args.positionals.slice(spec.positionals.length);
    throw new UsageError(
      `${spec.name} takes ${expected}: ${spec.positionals.join(' ')}${extra.length > 0 ? ` (unexpected: ${extra.join(' ')})` : ''}`,
      extra[0] ?? '',
      extra[0],
    );
  }
  return args.positionals;
}

/** Help text of one command, from its spec. */
export function commandHelp(program: string, spec: CommandSpec): string {
  const rows = Object.entries(optionsOf(spec)).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` ${option.placeholder ?? 'VALUE'}` : ''}`;
    return [flag, `${option.description}${option.multiple ? ' (repeatable)' : ''}`];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${program} ${spec.name} ${[...spec.positionals, '[options]'].join(' ')}`,
    '',
    spec.summary,
    ...(spec.details ? ['', spec.details] : []),
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ].join('\n');
}
