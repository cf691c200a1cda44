// What synth can know about a value that is a token. grantPermissionsTo writes
// values straight into the identity's policy, with no provider to check them at
// deploy time, so a value that only CloudFormation will know (a parameter, an
// import, a condition) could be `*` and widen the grant. Such values are
// refused; what remains is literal text (checked here for wildcards), pseudo
// parameters, and identifiers (Ref, *Arn, *Name, *Id) of resources in this app,
// which the owning service names and validates.

import { CfnElement, CfnParameter, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';
import { RESOURCE_TYPE } from '../../src/policy-engine/names';

/** Pseudo parameters that are never chosen by whoever deploys: no wildcard can come from them. */
const SAFE_PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix']);
/** Attributes that are identifiers the owning service validates (never free text such as an SSM parameter's Value). */
const IDENTIFIER_ATTRIBUTE = /(Arn|Name|Id)$/;
const WILDCARD = /[*?]|\$\{/;

/** The stack's partition, region and account where synth knows them. */
export interface SynthEnvironment {
  partition?: string;
  region?: string;
  account?: string;
}

export function synthEnvironment(scope: IConstruct): SynthEnvironment {
  const stack = Stack.of(scope);
  const concrete = (v: string): string | undefined => (Token.isUnresolved(v) ? undefined : v);
  const region = concrete(stack.region);
  // Stack.partition stays a token even in an environment-bound stack; the region names it.
  const partition = concrete(stack.partition) ?? (region === undefined ? undefined : RegionInfo.get(region).partition);
  return { partition, region, account: concrete(stack.account) };
}

/**
 * Why `value` cannot be trusted at synth time, or undefined when it can: every
 * part is literal text without wildcards, a pseudo parameter, or an identifier
 * of a resource in the app.
 */
export function untrustedPart(scope: IConstruct, value: string): string | undefined {
  if (!Token.isUnresolved(value)) return undefined;
  return explain(Stack.of(scope).resolve(value), elementsOf(scope));
}

/** Stands for a pseudo parameter synth does not know (an environment-agnostic stack). */
const unknownPseudo = (name: string): string => `{${name.replace('::', '-')}}`;
const UNKNOWN_FIELD = /^\{AWS-[A-Za-z]+\}$/;

/**
 * A text for comparing ARNs that may be tokens: the value itself when concrete,
 * with pseudo parameters replaced where synth knows them (so
 * `ManagedPolicy.fromAwsManagedPolicyName('X')` equals `arn:aws:iam::aws:policy/X`
 * in an `aws` stack) and marked where it does not, otherwise the CloudFormation
 * expression as JSON (so an in-stack ManagedPolicy equals only itself).
 */
export function comparableArn(scope: IConstruct, value: string): string {
  if (!Token.isUnresolved(value)) return value;
  const env = synthEnvironment(scope);
  const known: Record<string, string | undefined> = {
    'AWS::Partition': env.partition,
    'AWS::Region': env.region,
    'AWS::AccountId': env.account,
  };
  const flatten = (node: unknown): unknown => {
    if (typeof node === 'string') return node;
    if (isRecord(node) && typeof node.Ref === 'string' && SAFE_PSEUDO.has(node.Ref)) return known[node.Ref] ?? unknownPseudo(node.Ref);
    if (isRecord(node) && Array.isArray(node['Fn::Join']) && node['Fn::Join'].length === 2) {
      const [separator, parts] = node['Fn::Join'] as [unknown, unknown];
      if (typeof separator === 'string' && Array.isArray(parts)) {
        const flat = parts.map(flatten);
        if (flat.every((p) => typeof p === 'string')) return flat.join(separator);
      }
    }
    return node;
  };
  const flat = flatten(Stack.of(scope).resolve(value));
  return typeof flat === 'string' ? flat : JSON.stringify(flat);
}

/**
 * Whether two texts of comparableArn can name the same ARN: equal, or equal in
 * every field but those synth does not know (which match any value).
 */
export function sameArn(a: string, b: string): boolean {
  if (a === b) return true;
  const fa = a.split(':');
  const fb = b.split(':');
  if (fa.length !== fb.length) return false;
  return fa.every((f, i) => f === fb[i] || UNKNOWN_FIELD.test(f) || UNKNOWN_FIELD.test(fb[i]));
}

/**
 * The account field of a role ARN given as a CloudFormation expression, when it
 * is literal text (e.g. `arn:aws:iam::444455556666:role/${name}`); undefined otherwise.
 */
export function literalAccountOfArn(scope: IConstruct, value: string): string | undefined {
  if (!Token.isUnresolved(value)) return undefined;
  const node = Stack.of(scope).resolve(value) as unknown;
  if (!isRecord(node) || !Array.isArray(node['Fn::Join'])) return undefined;
  const [separator, parts] = node['Fn::Join'] as [unknown, unknown];
  if (typeof separator !== 'string' || !Array.isArray(parts)) return undefined;
  // Tokens become a marker that cannot look like an account id.
  const text = parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join(separator);
  const account = text.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every CloudFormation element of the app, by its logical id (all stacks: cross-stack references count). */
function elementsOf(scope: IConstruct): Map<string, CfnElement> {
  const out = new Map<string, CfnElement>();
  for (const c of scope.node.root.node.findAll()) {
    if (CfnElement.isCfnElement(c)) out.set(Stack.of(c).resolve(c.logicalId) as string, c);
  }
  return out;
}

function resourceVerdict(id: string, attribute: string | undefined, elements: Map<string, CfnElement>, expression: string): string | undefined {
  const element = elements.get(id);
  if (element instanceof CfnParameter) return `${expression}, a CloudFormation parameter (whoever deploys chooses its value)`;
  if (!CfnResource.isCfnResource(element)) return `${expression}, which is not a resource of this app`;
  const type = element.cfnResourceType;
  if ((type.startsWith('Custom::') && type !== RESOURCE_TYPE) || type === 'AWS::CloudFormation::CustomResource' || type === 'AWS::CloudFormation::Stack') {
    return `${expression}, an attribute of ${type}, whose values its own code or template chooses at deploy time`;
  }
  if (attribute !== undefined && !IDENTIFIER_ATTRIBUTE.test(attribute)) {
    return `${expression}, an attribute that is not an identifier (only Ref and *Arn, *Name, *Id attributes are)`;
  }
  return undefined;
}

function explain(node: unknown, elements: Map<string, CfnElement>): string | undefined {
  if (typeof node === 'string') return WILDCARD.test(node) ? `the text ${JSON.stringify(node)}, which holds a wildcard or a policy variable` : undefined;
  if (typeof node === 'number' || typeof node === 'boolean') return undefined;
  if (Array.isArray(node)) return node.map((n) => explain(n, elements)).find((r) => r !== undefined);
  if (!isRecord(node) || Object.keys(node).length !== 1) return `${JSON.stringify(node)}, known only at deploy time`;
  const [fn] = Object.keys(node);
  const arg = node[fn];
  const expression = JSON.stringify(node);
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string') return `${expression}, known only at deploy time`;
      if (SAFE_PSEUDO.has(arg)) return undefined;
      if (arg.startsWith('AWS::')) return `${expression}, a pseudo parameter that can hold any text`;
      return resourceVerdict(arg, undefined, elements, expression);
    case 'Fn::GetAtt': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || typeof arg[1] !== 'string') return `${expression}, known only at deploy time`;
      return resourceVerdict(arg[0], arg[1], elements, expression);
    }
    case 'Fn::Join':
    case 'Fn::Select':
    case 'Fn::Split':
      // Their arguments are what matters: separators, indexes and the values split or joined.
      return explain(arg, elements);
    case 'Fn::ImportValue':
      return `${expression}, an import (another stack's output, known only at deploy time)`;
    default:
      return `${expression}, known only at deploy time`;
  }
}
