// Command-line arguments: a command, positional arguments and --options.

export interface ParsedArgs {
  command?: string;
  positional: string[];
  options: Map<string, string | true>;
  /** Every value of each option, in order (`options` keeps the last). */
  repeated: Map<string, string[]>;
}

export class UsageError extends Error {}

/** `--name value`, `--name=value` or a bare flag (only the names in `flags`). */
export function parseArgs(argv: readonly string[], flags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  const set = (name: string, value: string): void => {
    options.set(name, value);
    repeated.set(name, [...(repeated.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) set(name, arg.slice(eq + 1));
    else if (flags.includes(name)) options.set(name, true);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) set(name, argv[++i]);
    else throw new UsageError(`--${name} needs a value`);
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, options, repeated };
}

export function stringOption(args: ParsedArgs, name: string, fallback: string): string {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value ?? fallback;
}

export function checkKnownOptions(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}; options: ${known.map((k) => `--${k}`).join(', ')}`);
  }
}

/** `--name Key=Value`, repeatable: a record of Key → Value (Value may be empty; a Key given twice is an error). */
export function keyValueOption(args: ParsedArgs, name: string): Record<string, string> {
  if (args.options.get(name) === true) throw new UsageError(`--${name} needs a value`);
  const out: Record<string, string> = {};
  for (const item of args.repeated.get(name) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} ${item}: expected Key=Value, e.g. --${name} Persona=MLOps`);
    const key = item.slice(0, eq);
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new UsageError(`--${name} ${key} is given twice`);
    out[key] = item.slice(eq + 1);
  }
  return out;
}
