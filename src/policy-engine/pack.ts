// Packs the role's statements into IAM's size quotas: one inline policy first
// (all inline documents of a role share 10,240 characters), then managed
// policies of up to 6,144 characters each, as many as the role's attached
// policy slots allow after the user's ManagedPolicyArns. First-fit decreasing
// with deterministic tie-breaks; a statement too big for any document is split
// into chunks of its resources (or actions), which allows exactly the same.

import { QuotaError } from './errors';
import { serialize, sortByJson, toStatement, type SerializedStatement } from './merge';
import { policyDocument, policyJson } from './policy-json';
import type { NamedPolicy, QuotaLimits, Statement } from './types';
import { compareStrings } from './conditions';

export const INLINE_POLICY_NAME = 'SageMakerPersonaRole';

/** Characters of a document with no statements: `{"Version":"2012-10-17","Statement":[]}`. */
export const EMPTY_DOCUMENT_CHARS = policyJson(policyDocument([])).length;

type Item = SerializedStatement;

interface Bin {
  capacity: number;
  items: Item[];
  chars: number;
}


function items(input: PackInput): Item[] {
  return input.statements.map((s) => ('json' in s ? s : serialize(s)));
}

function byDecreasingSize(a: Item, b: Item): number {
  return b.json.length - a.json.length || compareStrings(a.json, b.json);
}

/** Characters the bin's document would have with one more statement. */
function charsWith(bin: Bin, extra: Item): number {
  return bin.items.length === 0 ? EMPTY_DOCUMENT_CHARS + extra.json.length : bin.chars + 1 + extra.json.length;
}

function add(bin: Bin, extra: Item): void {
  bin.chars = charsWith(bin, extra);
  bin.items.push(extra);
}

function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

/** Two statements that together allow exactly what the given one allows, or undefined if it cannot be split. */
function split(statement: Statement): [Statement, Statement] | undefined {
  const actions = asList(statement.Action);
  const resources = asList(statement.Resource);
  const base = { effect: statement.Effect, condition: statement.Condition };
  if (resources.length >= 2 && resources.length >= actions.length) {
    const half = Math.ceil(resources.length / 2);
    return [
      toStatement({ ...base, actions, resources: resources.slice(0, half) }),
      toStatement({ ...base, actions, resources: resources.slice(half) }),
    ];
  }
  if (actions.length >= 2) {
    const half = Math.ceil(actions.length / 2);
    return [
      toStatement({ ...base, actions: actions.slice(0, half), resources }),
      toStatement({ ...base, actions: actions.slice(half), resources }),
    ];
  }
  return undefined;
}

export interface PackInput {
  /** Merged statements, plain or with their JSON already computed (mergeSerialized). */
  statements: readonly (Statement | SerializedStatement)[];
  roleName: string;
  managedPolicyArnCount: number;
  limits: QuotaLimits;
}

export interface PackResult {
  inlinePolicies: NamedPolicy[];
  managedPolicies: NamedPolicy[];
}

function quotaMessage(input: PackInput, slots: number, reason: string): string {
  const needed = items(input).reduce((sum, s) => sum + s.json.length + 1, 0) + EMPTY_DOCUMENT_CHARS - 1;
  const available = input.limits.inlinePolicyChars + slots * input.limits.managedPolicyChars;
  return (
    `The role's permissions do not fit IAM's policy quotas: ${reason}. ` +
    `They need about ${needed} characters (whitespace excluded) in ${input.statements.length} statements; ` +
    `the role has room for ${available}: ${input.limits.inlinePolicyChars} inline + ${slots} managed-policy slots × ${input.limits.managedPolicyChars} ` +
    `(attached-policy limit ${input.limits.attachedPolicies} minus ${input.managedPolicyArnCount} ManagedPolicyArns). ` +
    'Remove activities, shorten parameter lists (PassRoles, S3Buckets, ...), or remove ManagedPolicyArns to free slots.'
  );
}

export function packStatements(input: PackInput): PackResult {
  const { limits } = input;
  const slots = Math.max(0, limits.attachedPolicies - input.managedPolicyArnCount);
  const inline: Bin = { capacity: limits.inlinePolicyChars, items: [], chars: EMPTY_DOCUMENT_CHARS };
  const managed: Bin[] = [];
  const queue = items(input).sort(byDecreasingSize);

  while (queue.length > 0) {
    const next = queue.shift() as Item;
    const bin = [inline, ...managed].find((b) => charsWith(b, next) <= b.capacity);
    if (bin) {
      add(bin, next);
      continue;
    }
    if (managed.length < slots && EMPTY_DOCUMENT_CHARS + next.json.length <= limits.managedPolicyChars) {
      const fresh: Bin = { capacity: limits.managedPolicyChars, items: [], chars: EMPTY_DOCUMENT_CHARS };
      add(fresh, next);
      managed.push(fresh);
      continue;
    }
    const halves = split(next.statement);
    if (!halves) {
      throw new QuotaError(
        quotaMessage(
          input,
          slots,
          `a statement of ${next.json.length} characters (${showActions(next.statement)}) fits in no remaining policy`,
        ),
      );
    }
    queue.unshift(...halves.map(serialize).sort(byDecreasingSize));
  }

  const documentOf = (bin: Bin) => policyDocument(sortByJson(bin.items).map((i) => i.statement));
  return {
    inlinePolicies: inline.items.length > 0 ? [{ name: INLINE_POLICY_NAME, document: documentOf(inline) }] : [],
    managedPolicies: managed.map((bin, i) => ({ name: managedPolicyName(input.roleName, i + 1), document: documentOf(bin) })),
  };
}

function showActions(statement: Statement): string {
  const actions = asList(statement.Action);
  return actions.length === 1 ? actions[0] : `${actions[0]} and ${actions.length - 1} more actions`;
}

/** Managed policies the provider owns: `<roleName>-<n>`, so they share the role's `SageMaker-` prefix. */
export function managedPolicyName(roleName: string, index: number): string {
  return `${roleName}-${index}`;
}
