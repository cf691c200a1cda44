// Resolves the intrinsic functions that have an obvious offline value, so a
// template can be planned without deploying it: pseudo parameters, template
// Parameters with a Default, !Sub and !Join over those. Anything else (!GetAtt,
// !ImportValue, conditions) cannot be known offline and fails with the path of
// the property that uses it.

export interface OfflineValues {
  partition: string;
  region: string;
  account: string;
  stackName: string;
  stackId: string;
  /** Template Parameters with a Default: name → value (lists for CommaDelimitedList and List<...>). */
  parameters: ReadonlyMap<string, string | string[]>;
  /** Attributes known offline, e.g. the ARN of another persona role in the same template. */
  getAtt?: (resource: string, attribute: string) => string | undefined;
}

export class UnresolvableError extends Error {}

const NO_VALUE = Symbol('AWS::NoValue');

function urlSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function pseudo(name: string, values: OfflineValues): string | string[] | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return values.account;
    case 'AWS::Region':
      return values.region;
    case 'AWS::Partition':
      return values.partition;
    case 'AWS::StackName':
      return values.stackName;
    case 'AWS::StackId':
      return values.stackId;
    case 'AWS::URLSuffix':
      return urlSuffix(values.partition);
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return values.parameters.get(name);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, what: string): never {
  throw new UnresolvableError(
    `${path} uses ${what}, which cannot be resolved offline; use a literal value, a pseudo parameter, or a template Parameter with a Default`,
  );
}

function substitute(path: string, text: string, values: OfflineValues, locals: Record<string, unknown>): string {
  return text.replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
    if (name in locals) {
      const local = resolve(`${path}(Fn::Sub ${name})`, locals[name], values);
      if (typeof local === 'string') return local;
      fail(path, `Fn::Sub variable \${${name}} that is not a string`);
    }
    const value = pseudo(name, values);
    if (typeof value === 'string') return value;
    return fail(path, `\${${name}} in Fn::Sub`);
  }).replace(/\$\{!/g, '${');
}

function resolve(path: string, value: unknown, values: OfflineValues): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => resolve(`${path}[${i}]`, v, values)).filter((v) => v !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const name = value.Ref;
    const resolved = typeof name === 'string' ? pseudo(name, values) : undefined;
    if (resolved === undefined) fail(path, `Ref ${String(name)} (a resource or a Parameter without a Default)`);
    return resolved;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const arg = value['Fn::Sub'];
    if (typeof arg === 'string') return substitute(path, arg, values, {});
    if (Array.isArray(arg) && typeof arg[0] === 'string' && (arg[1] === undefined || isRecord(arg[1]))) {
      return substitute(path, arg[0], values, (arg[1] as Record<string, unknown> | undefined) ?? {});
    }
    return fail(path, 'a malformed Fn::Sub');
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const arg = value['Fn::Join'];
    if (Array.isArray(arg) && typeof arg[0] === 'string') {
      const parts = resolve(path, arg[1], values);
      if (Array.isArray(parts) && parts.every((p) => typeof p === 'string')) return parts.join(arg[0]);
    }
    return fail(path, 'an Fn::Join over values that are not all known');
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const arg = value['Fn::GetAtt'];
    const [resource, attribute] = Array.isArray(arg) ? arg : [];
    const known =
      typeof resource === 'string' && typeof attribute === 'string' ? values.getAtt?.(resource, attribute) : undefined;
    if (known === undefined) fail(path, `Fn::GetAtt ${Array.isArray(arg) ? arg.join('.') : String(arg)}`);
    return known;
  }
  if (keys.length === 1 && (keys[0].startsWith('Fn::') || keys[0] === 'Condition')) fail(path, keys[0]);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = resolve(path ? `${path}.${key}` : key, value[key], values);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** Resolve every property except those listed in `skip` (e.g. ServiceToken, which the engine ignores). */
export function resolveProperties(
  properties: Record<string, unknown>,
  values: OfflineValues,
  skip: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (skip.includes(key)) continue;
    const resolved = resolve(key, value, values);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** Defaults of the template's Parameters, split for list types as CloudFormation does. */
export function parameterDefaults(template: Record<string, unknown>): Map<string, string | string[]> {
  const defaults = new Map<string, string | string[]>();
  const parameters = template.Parameters;
  if (!isRecord(parameters)) return defaults;
  for (const [name, spec] of Object.entries(parameters)) {
    if (!isRecord(spec) || spec.Default === undefined) continue;
    const text = String(spec.Default);
    const type = typeof spec.Type === 'string' ? spec.Type : 'String';
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    defaults.set(name, isList ? (text === '' ? [] : text.split(',').map((s) => s.trim())) : text);
  }
  return defaults;
}
