// Just enough of CloudFormation's intrinsic functions to put a hand-written
// template (cfn/provider.yaml) and a CDK-synthesized one side by side: both
// resolve to plain values for the same parameters, partition and account.

import { readFileSync } from 'node:fs';
import * as YAML from 'yaml';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties?: JsonObject;
}
export interface CfnTemplate {
  Parameters?: Record<string, { Type: string; Default?: string | number }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResource>;
}

const SHORT_FORMS = ['Ref', 'Sub', 'GetAtt', 'If', 'Not', 'Equals', 'Join', 'Select', 'Split', 'ImportValue', 'Condition', 'And', 'Or'];

function longName(short: string): string {
  return short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`;
}

// `!GetAtt A.B` is the only short form whose scalar is not the argument as is.
const yamlTags: YAML.Tags = SHORT_FORMS.flatMap((name): YAML.Tags => [
  {
    tag: `!${name}`,
    resolve: (value: string) => ({ [longName(name)]: name === 'GetAtt' ? value.split('.') : value }),
  },
  {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (node: YAML.YAMLMap.Parsed | YAML.YAMLSeq.Parsed) => ({ [longName(name)]: node.toJSON() as Json }),
  },
  {
    tag: `!${name}`,
    collection: 'map',
    resolve: (node: YAML.YAMLMap.Parsed | YAML.YAMLSeq.Parsed) => ({ [longName(name)]: node.toJSON() as Json }),
  },
]);

export function loadYamlTemplate(file: string): CfnTemplate {
  return YAML.parse(readFileSync(file, 'utf8'), { customTags: yamlTags }) as CfnTemplate;
}

export interface Environment {
  partition: string;
  region: string;
  account: string;
  /** Parameter values; CommaDelimitedList values as arrays. Missing parameters take their Default. */
  parameters?: Record<string, string | string[]>;
}

const NO_VALUE = Symbol('AWS::NoValue');
type Value = Json | typeof NO_VALUE;

export class Evaluator {
  private readonly params: Record<string, Json> = {};

  constructor(
    private readonly template: CfnTemplate,
    private readonly env: Environment,
  ) {
    for (const [name, def] of Object.entries(template.Parameters ?? {})) {
      const given = env.parameters?.[name];
      const raw = given ?? (def.Default === undefined ? undefined : String(def.Default));
      if (raw === undefined) throw new Error(`parameter ${name} has no value and no default`);
      this.params[name] =
        def.Type === 'CommaDelimitedList' && !Array.isArray(raw) ? (raw === '' ? [''] : raw.split(',')) : raw;
    }
  }

  resolve(value: Json): Json {
    const out = this.eval(value);
    if (out === NO_VALUE) throw new Error('value is AWS::NoValue');
    return out;
  }

  /** A resource's resolved properties. */
  properties(logicalId: string): JsonObject {
    const res = this.template.Resources[logicalId];
    if (res === undefined) throw new Error(`no resource ${logicalId}`);
    return this.resolve(res.Properties ?? {}) as JsonObject;
  }

  private eval(value: Json): Value {
    if (Array.isArray(value)) return value.map((v) => this.eval(v)).filter((v): v is Json => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const out: JsonObject = {};
    for (const k of keys) {
      const v = this.eval(value[k]);
      if (v !== NO_VALUE) out[k] = v;
    }
    return out;
  }

  private intrinsic(fn: string, arg: Json): Value {
    switch (fn) {
      case 'Ref':
        return this.ref(arg as string);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? (arg as string[]) : (arg as string).split('.');
        return this.attribute(id, attr);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join': {
        const [sep, list] = arg as [string, Json];
        return (this.eval(list) as Json[]).join(sep);
      }
      case 'Fn::If': {
        const [cond, yes, no] = arg as [string, Json, Json];
        return this.eval(this.condition(cond) ? yes : no);
      }
      case 'Fn::Equals': {
        const [a, b] = arg as [Json, Json];
        return JSON.stringify(this.eval(a)) === JSON.stringify(this.eval(b));
      }
      case 'Fn::Not':
        return !this.eval((arg as Json[])[0]);
      case 'Fn::And':
        return (arg as Json[]).every((c) => this.eval(c) === true);
      case 'Fn::Or':
        return (arg as Json[]).some((c) => this.eval(c) === true);
      case 'Condition':
        return this.condition(arg as string);
      default:
        throw new Error(`intrinsic ${fn} is not supported by this evaluator`);
    }
  }

  private condition(name: string): boolean {
    const def = this.template.Conditions?.[name];
    if (def === undefined) throw new Error(`unknown condition ${name}`);
    return this.eval(def) === true;
  }

  private ref(name: string): Value {
    switch (name) {
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    if (name in this.params) return this.params[name];
    return this.attribute(name, 'Ref');
  }

  // Resources are named by type, not logical id: the two templates name them differently.
  private attribute(logicalId: string, attribute: string): string {
    const res = this.template.Resources[logicalId];
    if (res === undefined) throw new Error(`reference to unknown resource ${logicalId}`);
    return `<${res.Type}.${attribute}>`;
  }

  private sub(arg: Json): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, JsonObject]) : [arg as string, {}];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
      if (name in vars) return String(this.eval(vars[name]));
      const dot = name.indexOf('.');
      return dot > 0 ? this.attribute(name.slice(0, dot), name.slice(dot + 1)) : String(this.ref(name));
    });
  }
}
