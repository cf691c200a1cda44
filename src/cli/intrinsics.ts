// Resolves a template's intrinsic functions where their value is known offline,
// so a template can be planned (and tests can inspect what a stack would get)
// without deploying it: pseudo parameters, template Parameters (their Default
// or a value given by the caller), Conditions (Fn::Equals, Fn::Not, Fn::And,
// Fn::Or, Condition), Fn::If, AWS::NoValue, Fn::Sub, Fn::Join, Fn::Select and
// Fn::Split. Fn::GetAtt / Ref of resources and Fn::ImportValue resolve only
// through the caller's callbacks. Anything else fails with the path of the
// property that uses it.

export interface PseudoValues {
  partition: string;
  region: string;
  account: string;
  stackName: string;
  /** Default: `arn:<partition>:cloudformation:<region>:<account>:stack/<stackName>/00000000-0000-0000-0000-000000000000`. */
  stackId?: string;
}

export interface OfflineValues extends PseudoValues {
  stackId: string;
  /** Template Parameters with a known value: name → value (lists for CommaDelimitedList and List<...>). */
  parameters: ReadonlyMap<string, string | string[]>;
  /** Attributes known offline, e.g. the ARN of another persona role in the same template. */
  getAtt?: (resource: string, attribute: string) => string | undefined;
}

/** A CloudFormation template as parsed (long-form intrinsics); only these sections are read. */
export interface TemplateLike {
  Parameters?: unknown;
  Conditions?: unknown;
  Resources?: unknown;
}

export interface ResolveTemplateOptions {
  pseudo: PseudoValues;
  /**
   * Parameter values as the console or `--parameter` gives them (lists comma-separated, or as arrays); they
   * override the Defaults. A name the template does not declare is an error.
   */
  parameters?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Value of `Fn::GetAtt Id.Attribute` (or `Ref Id`: attribute undefined) of a resource of the template;
   * undefined when not known offline. Without it resource references fail.
   */
  resourceValue?: (logicalId: string, attribute: string | undefined) => unknown;
  /** Value of `Fn::ImportValue`; undefined when not known. Without it imports fail. */
  importValue?: (exportName: string) => unknown;
  /** How an error suggests giving a value the resolver does not know (default: a generic suggestion). */
  hint?: (unknown: UnknownValue) => string;
}

/** A value the resolver needs and does not know, for the hint in its error. */
export type UnknownValue =
  | { kind: 'parameter'; name: string }
  | { kind: 'resource'; logicalId: string; attribute?: string }
  | { kind: 'import'; exportName: string }
  | { kind: 'other' };

export interface ResolvedTemplate {
  /** Resolves every intrinsic in `value`; AWS::NoValue drops the property or list item. `path` names it in errors. */
  resolve(value: unknown, path?: string): unknown;
  /** The value of one of the template's Conditions. */
  condition(name: string): boolean;
  /** One resource's resolved Properties (its own Condition is not checked), without the keys in `skip`. */
  properties(logicalId: string, skip?: readonly string[]): Record<string, unknown>;
  /** Whether a resource is created: no Condition, or its Condition holds. */
  isCreated(logicalId: string): boolean;
  /** Every resource the stack creates (Conditions applied), with resolved Properties. */
  resources(): Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** One value that cannot be resolved: the property path that uses it and why. */
export interface UnresolvedIssue {
  path: string;
  message: string;
}

/** Values that cannot be resolved offline; `issues` lists each one (all of a resource's, from `properties`). */
export class UnresolvableError extends Error {
  readonly issues: readonly UnresolvedIssue[];
  constructor(message: string, path = '', issues?: readonly UnresolvedIssue[]) {
    super(message);
    this.name = 'UnresolvableError';
    this.issues = issues ?? [{ path, message }];
  }
}

/** Thrown by a `resourceValue` callback when the resource's own value is in error; the resolver adds the path. */
export class DependencyError extends Error {}

const NO_VALUE = Symbol('AWS::NoValue');
/** Stands in for a value already reported as unresolvable, so resolution goes on and reports the others. */
const UNRESOLVED = Symbol('unresolved');
const CONDITION_FUNCTIONS = ['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or'];

type ParameterValue = string | string[];

/** What the resolver knows; both the template resolver and `resolveProperties` build one. */
interface Scope {
  pseudo: Required<PseudoValues>;
  /** Known parameter value, `null` for a declared Parameter without a value, undefined for an unknown name. */
  parameter(name: string): ParameterValue | null | undefined;
  /** A declared resource's value (attribute undefined for Ref); undefined when not known offline. */
  resource(logicalId: string, attribute: string | undefined, path: string): unknown;
  isResource(logicalId: string): boolean;
  importValue?: (exportName: string) => unknown;
  /** Condition value; throws UnresolvableError when unknown. Undefined without a template. */
  condition?: (name: string) => boolean;
  /** How an error suggests fixing an unknown value. */
  hint: (unknown: UnknownValue) => string;
  /** When set, unresolvable values are collected here instead of stopping at the first. */
  problems?: UnresolvedIssue[];
}

const DEFAULT_HINT = 'use a literal value, a pseudo parameter, or a template Parameter with a Default';
const defaultHint = (): string => DEFAULT_HINT;

function urlSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function defaultStackId(p: PseudoValues): string {
  return `arn:${p.partition}:cloudformation:${p.region}:${p.account}:stack/${p.stackName}/00000000-0000-0000-0000-000000000000`;
}

function pseudoValue(name: string, p: Required<PseudoValues>): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return p.account;
    case 'AWS::Region':
      return p.region;
    case 'AWS::Partition':
      return p.partition;
    case 'AWS::StackName':
      return p.stackName;
    case 'AWS::StackId':
      return p.stackId;
    case 'AWS::URLSuffix':
      return urlSuffix(p.partition);
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, what: string, scope: Scope, unknown: UnknownValue = { kind: 'other' }): never {
  throw new UnresolvableError(`${path} uses ${what}, which cannot be resolved offline; ${scope.hint(unknown)}`, path);
}

function malformed(path: string, fn: string, expected: string): never {
  throw new UnresolvableError(`${path} uses a malformed ${fn}: expected ${expected}`, path);
}

/** Runs one part of a resolution; in a collecting scope, records its first problem and goes on. */
function guarded(scope: Scope, resolve: () => unknown): unknown {
  if (scope.problems === undefined) return resolve();
  const before = scope.problems.length;
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof UnresolvableError)) throw error;
    // A problem recorded deeper down already explains this one (e.g. a Join over an unresolved Ref).
    if (scope.problems.length === before) scope.problems.push(...error.issues);
    return UNRESOLVED;
  }
}

/** Strings, and numbers or booleans as their text (CloudFormation's scalars). */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function ref(path: string, name: unknown, scope: Scope): unknown {
  if (typeof name !== 'string') return malformed(path, 'Ref', 'a name');
  const pseudo = pseudoValue(name, scope.pseudo);
  if (pseudo !== undefined) return pseudo;
  const parameter = scope.parameter(name);
  if (parameter !== undefined && parameter !== null) return parameter;
  if (parameter === null) return fail(path, `Ref ${name} (a Parameter without a Default or a given value)`, scope, { kind: 'parameter', name });
  if (scope.isResource(name)) {
    const value = scope.resource(name, undefined, path);
    if (value === undefined) return fail(path, `Ref ${name} (a resource, known once deployed)`, scope, { kind: 'resource', logicalId: name });
    return value;
  }
  return fail(path, `Ref ${name} (a resource or a Parameter without a Default)`, scope);
}

function getAtt(path: string, resource: string, attribute: string, scope: Scope, what: string): unknown {
  const isResource = scope.isResource(resource);
  const value = isResource ? scope.resource(resource, attribute, path) : undefined;
  if (value === undefined) return fail(path, what, scope, isResource ? { kind: 'resource', logicalId: resource, attribute } : { kind: 'other' });
  return value;
}

function substitute(path: string, arg: unknown, scope: Scope): string {
  const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? arg : [];
  if (typeof text !== 'string' || !isRecord(vars) || (Array.isArray(arg) && arg.length > 2)) {
    return malformed(path, 'Fn::Sub', 'a string, or [string, { name: value }]');
  }
  return text.replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, name: string) => {
    if (bang === '!') return `\${${name}}`;
    let value: unknown;
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      value = resolveValue(`${path}(Fn::Sub ${name})`, vars[name], scope);
    } else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      value = getAtt(path, name.slice(0, dot), name.slice(dot + 1), scope, `\${${name}} in Fn::Sub`);
    } else {
      const pseudo = pseudoValue(name, scope.pseudo);
      const parameter = pseudo === undefined ? scope.parameter(name) : undefined;
      if (pseudo !== undefined) value = pseudo;
      else if (parameter !== undefined && parameter !== null) value = parameter;
      else if (parameter === undefined && scope.isResource(name)) value = scope.resource(name, undefined, path);
      if (value === undefined && parameter === null) {
        return fail(path, `\${${name}} in Fn::Sub (a Parameter without a Default or a given value)`, scope, { kind: 'parameter', name });
      }
      if (value === undefined) {
        return fail(path, `\${${name}} in Fn::Sub`, scope, scope.isResource(name) ? { kind: 'resource', logicalId: name } : { kind: 'other' });
      }
    }
    const textValue = scalarText(value);
    if (textValue === undefined) return fail(path, `Fn::Sub variable \${${name}} that is not a string`, scope);
    return textValue;
  });
}

function stringList(path: string, value: unknown, fn: string, scope: Scope): string[] {
  if (Array.isArray(value)) {
    const texts = value.map(scalarText);
    if (texts.every((t): t is string => t !== undefined)) return texts;
  }
  return fail(path, `an ${fn} over values that are not all known strings`, scope);
}

function intrinsic(path: string, fn: string, arg: unknown, scope: Scope): unknown {
  switch (fn) {
    case 'Ref':
      return ref(path, arg, scope);
    case 'Fn::Sub':
      return substitute(path, arg, scope);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') {
        return malformed(path, 'Fn::Join', '[separator, list]');
      }
      return stringList(path, resolveValue(path, arg[1], scope), 'Fn::Join', scope).join(arg[0]);
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') {
        return malformed(path, 'Fn::Split', '[separator, string]');
      }
      const source = scalarText(resolveValue(path, arg[1], scope));
      if (source === undefined) return fail(path, 'an Fn::Split of a value that is not a known string', scope);
      return source.split(arg[0]);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return malformed(path, 'Fn::Select', '[index, list]');
      const index = Number(scalarText(resolveValue(path, arg[0], scope)));
      const list = resolveValue(path, arg[1], scope);
      if (!Array.isArray(list)) return fail(path, 'an Fn::Select from a value that is not a known list', scope);
      if (!Number.isInteger(index) || index < 0 || index >= list.length) {
        throw new UnresolvableError(`${path} uses Fn::Select index ${String(arg[0])} of a list of ${list.length}`, path);
      }
      return list[index];
    }
    case 'Fn::GetAtt': {
      const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : [];
      const [resource, ...attribute] = parts.map((p) => resolveValue(path, p, scope));
      const what = `Fn::GetAtt ${Array.isArray(arg) ? arg.join('.') : String(arg)}`;
      if (typeof resource !== 'string' || attribute.length === 0 || !attribute.every((a) => typeof a === 'string')) {
        return fail(path, what, scope);
      }
      return getAtt(path, resource, attribute.join('.'), scope, what);
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
        return malformed(path, 'Fn::If', '[condition name, value if true, value if false]');
      }
      const name = arg[0];
      if (scope.condition === undefined) return fail(path, `Fn::If on condition ${name}`, scope);
      let holds: boolean;
      try {
        holds = scope.condition(name);
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        throw new UnresolvableError(`${path} uses Fn::If on condition ${name}: ${error.message}`, path);
      }
      return resolveValue(path, holds ? arg[1] : arg[2], scope);
    }
    case 'Fn::ImportValue': {
      const name = resolveValue(path, arg, scope);
      const value = typeof name === 'string' ? scope.importValue?.(name) : undefined;
      if (value === undefined) {
        const what = `Fn::ImportValue ${typeof name === 'string' ? name : ''}`.trimEnd();
        return fail(path, what, scope, typeof name === 'string' ? { kind: 'import', exportName: name } : { kind: 'other' });
      }
      return value;
    }
    default:
      if (CONDITION_FUNCTIONS.includes(fn)) return fail(path, `${fn} outside the template's Conditions`, scope);
      return fail(path, fn, scope);
  }
}

function isIntrinsic(keys: string[]): boolean {
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

function resolveValue(path: string, value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => guarded(scope, () => resolveValue(`${path}[${i}]`, v, scope))).filter((v) => v !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (isIntrinsic(keys)) return intrinsic(path, keys[0], value[keys[0]], scope);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = guarded(scope, () => resolveValue(path ? `${path}.${key}` : key, value[key], scope));
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function resolveObject(properties: Record<string, unknown>, scope: Scope, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (skip.includes(key)) continue;
    const resolved = guarded(scope, () => resolveValue(key, value, scope));
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** resolveObject reporting every unresolvable value at once. */
function resolveAll(properties: Record<string, unknown>, scope: Scope, skip: readonly string[]): Record<string, unknown> {
  const problems: UnresolvedIssue[] = [];
  const out = resolveObject(properties, { ...scope, problems }, skip);
  if (problems.length > 0) throw new UnresolvableError(problems.map((p) => p.message).join('; '), problems[0].path, problems);
  return out;
}

/** Resolve every property except those listed in `skip` (e.g. ServiceToken, which the engine ignores). */
export function resolveProperties(
  properties: Record<string, unknown>,
  values: OfflineValues,
  skip: readonly string[],
): Record<string, unknown> {
  const scope: Scope = {
    pseudo: values,
    parameter: (name) => values.parameters.get(name),
    resource: (id, attribute) => (attribute === undefined ? undefined : values.getAtt?.(id, attribute)),
    isResource: () => values.getAtt !== undefined,
    hint: defaultHint,
  };
  return resolveAll(properties, scope, skip);
}

/** A parameter value as CloudFormation reads it: list types split at commas, each item trimmed; '' is []. */
function parameterValue(type: string, value: string | readonly string[]): ParameterValue {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  if (typeof value !== 'string') return isList ? [...value] : value.join(',');
  return isList ? (value === '' ? [] : value.split(',').map((s) => s.trim())) : value;
}

function parameterType(spec: unknown): string {
  return isRecord(spec) && typeof spec.Type === 'string' ? spec.Type : 'String';
}

/** Defaults of the template's Parameters, split for list types as CloudFormation does. */
export function parameterDefaults(template: TemplateLike): Map<string, string | string[]> {
  const defaults = new Map<string, string | string[]>();
  const parameters = template.Parameters;
  if (!isRecord(parameters)) return defaults;
  for (const [name, spec] of Object.entries(parameters)) {
    if (!isRecord(spec) || spec.Default === undefined) continue;
    defaults.set(name, parameterValue(parameterType(spec), String(spec.Default)));
  }
  return defaults;
}

/** Names of the template's Parameters. */
export function parameterNames(template: TemplateLike): string[] {
  return isRecord(template.Parameters) ? Object.keys(template.Parameters) : [];
}

/**
 * A resolver for one template and one set of parameter values. Given parameters the template does not
 * declare fail at once; a Parameter without a Default or given value fails only where it is used.
 */
export function resolveTemplate(template: TemplateLike, options: ResolveTemplateOptions): ResolvedTemplate {
  const declared = isRecord(template.Parameters) ? template.Parameters : {};
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const conditions = isRecord(template.Conditions) ? template.Conditions : {};
  const given = options.parameters ?? {};
  const unknown = Object.keys(given).filter((name) => !Object.prototype.hasOwnProperty.call(declared, name));
  if (unknown.length > 0) {
    const names = Object.keys(declared);
    throw new UnresolvableError(
      `the template declares no Parameter ${unknown.join(', ')}; ${names.length > 0 ? `its Parameters are ${names.join(', ')}` : 'it has no Parameters'}`,
    );
  }
  const values = parameterDefaults(template);
  for (const [name, value] of Object.entries(given)) values.set(name, parameterValue(parameterType(declared[name]), value));

  const known = new Map<string, boolean>();
  const evaluating: string[] = [];
  const scope: Scope = {
    pseudo: { ...options.pseudo, stackId: options.pseudo.stackId ?? defaultStackId(options.pseudo) },
    parameter: (name) => values.get(name) ?? (Object.prototype.hasOwnProperty.call(declared, name) ? null : undefined),
    resource: (id, attribute, path) => {
      try {
        return options.resourceValue?.(id, attribute);
      } catch (error) {
        if (error instanceof DependencyError) throw new UnresolvableError(`${path} ${error.message}`, path);
        throw error;
      }
    },
    isResource: (id) => Object.prototype.hasOwnProperty.call(resources, id),
    importValue: options.importValue,
    condition: (name) => condition(name),
    hint: options.hint ?? defaultHint,
  };

  const truth = (path: string, def: unknown): boolean => {
    const keys = isRecord(def) ? Object.keys(def) : [];
    if (!isRecord(def) || keys.length !== 1) {
      throw new UnresolvableError(`${path} is not a condition function: ${JSON.stringify(def)}`);
    }
    const fn = keys[0];
    const arg = def[fn];
    const args = (n?: number): unknown[] => {
      if (!Array.isArray(arg) || (n !== undefined && arg.length !== n) || arg.length === 0) {
        return malformed(path, fn, n === undefined ? 'a list of conditions' : `a list of ${n}`);
      }
      return arg;
    };
    switch (fn) {
      case 'Condition':
        if (typeof arg !== 'string') return malformed(path, 'Condition', 'a condition name');
        return condition(arg);
      case 'Fn::Equals': {
        const [a, b] = args(2).map((v, i) => resolveValue(`${path}[${i}]`, v, scope));
        const text = (v: unknown): string => scalarText(v) ?? JSON.stringify(v);
        return text(a) === text(b);
      }
      case 'Fn::Not':
        return !truth(`${path}[0]`, args(1)[0]);
      case 'Fn::And':
        return args().every((c, i) => truth(`${path}[${i}]`, c));
      case 'Fn::Or':
        return args().some((c, i) => truth(`${path}[${i}]`, c));
      default:
        return fail(path, `${fn}, which is not a condition function`, scope);
    }
  };

  function condition(name: string): boolean {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    if (!Object.prototype.hasOwnProperty.call(conditions, name)) {
      const names = Object.keys(conditions);
      throw new UnresolvableError(`Condition ${name} is not in the template's Conditions (${names.length > 0 ? names.join(', ') : 'none'})`);
    }
    if (evaluating.includes(name)) {
      throw new UnresolvableError(`Conditions.${name} refers to itself: ${[...evaluating, name].join(' → ')}`);
    }
    evaluating.push(name);
    try {
      const value = truth(`Conditions.${name}`, conditions[name]);
      known.set(name, value);
      return value;
    } finally {
      evaluating.pop();
    }
  }

  const resourceOf = (logicalId: string): Record<string, unknown> => {
    const resource = resources[logicalId];
    if (!isRecord(resource)) throw new UnresolvableError(`the template has no resource ${logicalId}`);
    return resource;
  };

  const resolver: ResolvedTemplate = {
    resolve(value, path = '') {
      const out = resolveValue(path, value, scope);
      if (out === NO_VALUE) throw new UnresolvableError(`${path || 'the value'} is AWS::NoValue`);
      return out;
    },
    condition,
    properties(logicalId, skip = []) {
      const properties = resourceOf(logicalId).Properties;
      return resolveAll(isRecord(properties) ? properties : {}, scope, skip);
    },
    isCreated(logicalId) {
      const name = resourceOf(logicalId).Condition;
      if (name === undefined) return true;
      if (typeof name !== 'string') throw new UnresolvableError(`${logicalId}: Condition must be a condition name`);
      try {
        return condition(name);
      } catch (error) {
        if (!(error instanceof UnresolvableError)) throw error;
        throw new UnresolvableError(`${logicalId}: Condition ${name}: ${error.message}`);
      }
    },
    resources() {
      const out: Record<string, { Type: string; Properties: Record<string, unknown> }> = {};
      for (const id of Object.keys(resources)) {
        if (!resolver.isCreated(id)) continue;
        try {
          out[id] = { Type: String(resourceOf(id).Type), Properties: resolver.properties(id) };
        } catch (error) {
          if (!(error instanceof UnresolvableError)) throw error;
          throw new UnresolvableError(`${id}: ${error.message}`);
        }
      }
      return out;
    },
  };
  return resolver;
}
