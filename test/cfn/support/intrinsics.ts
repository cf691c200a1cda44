// Evaluates the intrinsic functions of a template the way CloudFormation does
// at deploy time, for a given set of parameter values: tests can then check
// the policies and properties a stack would really get (e.g. which statements
// an Fn::If keeps when PermissionsBoundaryArn is set).

import type { CfnTemplate, Json, JsonObject } from './template';

export interface DeployContext {
  partition: string;
  region: string;
  account: string;
  stackName: string;
  /** Parameter values as the console or CLI passes them (strings; lists comma-separated). Missing ones take their Default. */
  parameters?: Record<string, string>;
  /** Value of Fn::GetAtt / Ref of a resource of this template (e.g. a made-up ARN). */
  resourceValue?: (logicalId: string, attribute?: string) => Json;
  /** Value of Fn::ImportValue. */
  importValue?: (exportName: string) => Json;
}

const NO_VALUE = Symbol('AWS::NoValue');
type Value = Json | typeof NO_VALUE;

export class TemplateEvaluator {
  private readonly params: Record<string, Json>;

  constructor(
    private readonly template: CfnTemplate,
    private readonly ctx: DeployContext,
  ) {
    this.params = this.parameterValues();
  }

  /** Resolves every intrinsic in `value`; `AWS::NoValue` drops the property or list item. */
  resolve(value: Json): Json {
    const out = this.eval(value);
    if (out === NO_VALUE) throw new Error('the value itself is AWS::NoValue');
    return out;
  }

  condition(name: string): boolean {
    const def = this.template.Conditions?.[name];
    if (def === undefined) throw new Error(`unknown condition ${name}`);
    return this.truth(def);
  }

  /** Resolved properties of every resource whose Condition holds. */
  resources(): Record<string, { Type: string; Properties: JsonObject }> {
    const out: Record<string, { Type: string; Properties: JsonObject }> = {};
    for (const [id, res] of Object.entries(this.template.Resources)) {
      if (res.Condition !== undefined && !this.condition(res.Condition)) continue;
      out[id] = { Type: res.Type, Properties: this.resolve(res.Properties ?? {}) as JsonObject };
    }
    return out;
  }

  private parameterValues(): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const [name, def] of Object.entries(this.template.Parameters ?? {})) {
      const given = this.ctx.parameters?.[name];
      const raw = given ?? (def.Default === undefined ? undefined : String(def.Default));
      if (raw === undefined) throw new Error(`parameter ${name} has no value and no Default`);
      const type = String(def.Type);
      out[name] = type === 'CommaDelimitedList' || type.startsWith('List<') ? raw.split(',') : raw;
    }
    for (const name of Object.keys(this.ctx.parameters ?? {})) {
      if (!(name in out)) throw new Error(`parameter ${name} is not declared in the template`);
    }
    return out;
  }

  private pseudo(name: string): Json | typeof NO_VALUE | undefined {
    const { partition, region, account, stackName } = this.ctx;
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::Partition':
        return partition;
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return account;
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::URLSuffix':
        return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      default:
        return undefined;
    }
  }

  private ref(name: string): Value {
    const pseudo = this.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    if (name in this.params) return this.params[name];
    if (name in this.template.Resources) return this.resourceValue(name);
    throw new Error(`Ref to unknown name ${name}`);
  }

  private resourceValue(logicalId: string, attribute?: string): Json {
    if (!(logicalId in this.template.Resources)) throw new Error(`Fn::GetAtt of unknown resource ${logicalId}`);
    if (!this.ctx.resourceValue) throw new Error(`no value given for resource ${logicalId}`);
    return this.ctx.resourceValue(logicalId, attribute);
  }

  private eval(value: Json): Value {
    if (Array.isArray(value)) return value.map((v) => this.eval(v)).filter((v): v is Json => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.fn(keys[0], value[keys[0]]);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.eval(v);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private fn(name: string, arg: Json): Value {
    switch (name) {
      case 'Ref':
        return this.ref(str(arg, name));
      case 'Fn::GetAtt': {
        const [id, ...attr] = Array.isArray(arg) ? arg.map((a) => str(a, name)) : str(arg, name).split('.');
        return this.resourceValue(id, attr.join('.'));
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::If': {
        const [cond, yes, no] = list(arg, name, 3);
        return this.condition(str(cond, name)) ? this.eval(yes) : this.eval(no);
      }
      case 'Fn::Join': {
        const [sep, items] = list(arg, name, 2);
        return list(this.resolve(items), name).map((i) => str(i, name)).join(str(sep, name));
      }
      case 'Fn::Split': {
        const [sep, source] = list(arg, name, 2);
        return str(this.resolve(source), name).split(str(sep, name));
      }
      case 'Fn::Select': {
        const [index, items] = list(arg, name, 2);
        const chosen = list(this.resolve(items), name)[Number(this.resolve(index))];
        if (chosen === undefined) throw new Error(`Fn::Select index out of range`);
        return chosen;
      }
      case 'Fn::ImportValue': {
        if (!this.ctx.importValue) throw new Error('no importValue given');
        return this.ctx.importValue(str(this.resolve(arg), name));
      }
      default:
        throw new Error(`intrinsic ${name} is not supported by the test evaluator`);
    }
  }

  private sub(arg: Json): string {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : list(arg, 'Fn::Sub', 2);
    const locals = this.resolve(vars) as JsonObject;
    return str(text, 'Fn::Sub').replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, name: string) => {
      if (bang === '!') return `\${${name}}`;
      if (name in locals) return str(locals[name], 'Fn::Sub');
      const dot = name.indexOf('.');
      const v = dot > 0 && !name.startsWith('AWS::') ? this.resourceValue(name.slice(0, dot), name.slice(dot + 1)) : this.ref(name);
      if (v === NO_VALUE) throw new Error(`Fn::Sub of AWS::NoValue`);
      return str(v, 'Fn::Sub');
    });
  }

  private truth(def: Json): boolean {
    if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new Error(`bad condition ${JSON.stringify(def)}`);
    const [name] = Object.keys(def);
    const arg = def[name];
    switch (name) {
      case 'Condition':
        return this.condition(str(arg, name));
      case 'Fn::Equals': {
        const [a, b] = list(arg, name, 2);
        return JSON.stringify(this.resolve(a)) === JSON.stringify(this.resolve(b));
      }
      case 'Fn::Not':
        return !this.truth(list(arg, name, 1)[0]);
      case 'Fn::And':
        return list(arg, name).every((c) => this.truth(c));
      case 'Fn::Or':
        return list(arg, name).some((c) => this.truth(c));
      default:
        throw new Error(`condition function ${name} is not supported`);
    }
  }
}

function str(v: Json, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${where}: expected a string, got ${JSON.stringify(v)}`);
}

function list(v: Json, where: string, length?: number): Json[] {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
    throw new Error(`${where}: expected a list${length === undefined ? '' : ` of ${length}`}, got ${JSON.stringify(v)}`);
  }
  return v;
}
