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

const count = (n: number): string => n.toLocaleString('en-US');

/** Where packing stopped: what the documents hold and what fits in none of them. */
interface Shortfall {
  input: PackInput;
  slots: number;
  bins: Bin[];
  leftover: Item[];
}

/** The largest statements as rendered, by their first action: what shortening a list would shrink. */
function largestGrants(input: PackInput, n: number): string {
  return items(input)
    .sort(byDecreasingSize)
    .slice(0, n)
    .map((s) => {
      const resources = asList(s.statement.Resource).length;
      return `${showActions(s.statement)} on ${count(resources)} resource${resources === 1 ? '' : 's'} (${count(s.json.length)})`;
    })
    .join('; ');
}

/**
 * A message whose figures add up: need = statements + split overhead + per-document overhead, and
 * room = what the documents hold + the gaps left at their ends, so a reader sees why "need < room"
 * can still fail (whole statements do not fill the gaps) and what to shorten.
 */
function quotaMessage({ input, slots, bins, leftover }: Shortfall): string {
  const { limits } = input;
  const original = items(input).reduce((sum, s) => sum + s.json.length, 0);
  const used = bins.filter((b) => b.items.length > 0);
  const placed = used.reduce((sum, b) => sum + b.items.reduce((n, i) => n + i.json.length, 0), 0);
  const overhead = used.reduce((sum, b) => sum + b.chars, 0) - placed;
  const left = leftover.reduce((sum, s) => sum + s.json.length, 0);
  const splitting = placed + left - original;
  const room = limits.inlinePolicyChars + slots * limits.managedPolicyChars;
  const held = placed + overhead;
  // A new statement in a used document also needs a comma; a slot not yet used is an empty document.
  const unopened = slots - (bins.length - 1);
  const gaps = [...used.map((b) => b.capacity - b.chars - 1), ...(unopened > 0 ? [limits.managedPolicyChars - EMPTY_DOCUMENT_CHARS] : [])];
  const largestGap = Math.max(0, ...gaps);
  const smallest = [...leftover].sort((a, b) => a.json.length - b.json.length || compareStrings(a.json, b.json))[0];
  return (
    "The role's permissions do not fit IAM's policy quotas. " +
    `Room: ${count(room)} characters (${count(limits.inlinePolicyChars)} inline + ${slots} managed-policy slots × ${count(limits.managedPolicyChars)}; ` +
    `attached-policy limit ${limits.attachedPolicies} minus ${input.managedPolicyArnCount} ManagedPolicyArns). ` +
    `Packed, they take ${count(held + left)}: ${count(original)} in ${input.statements.length} statements (whitespace excluded)` +
    (splitting > 0 ? ` + ${count(splitting)} where statements too large for one document are split (each part repeats its actions and conditions)` : '') +
    ` + ${count(overhead)} of per-document overhead (${used.length} document${used.length === 1 ? '' : 's'} of ${EMPTY_DOCUMENT_CHARS} characters each, plus commas). ` +
    `The documents hold ${count(held)} of it; ${count(room - held)} stay unused in gaps of at most ${count(largestGap)} characters, ` +
    'too small for what is left: ' +
    (leftover.length === 1
      ? `1 statement of ${count(left)} characters fits nowhere (${showActions(smallest.statement)}`
      : `${leftover.length} statements of ${count(left)} characters in all fit nowhere (the smallest ${showActions(smallest.statement)} of ${count(smallest.json.length)}`) +
    '; a statement is never split below one action on one resource). ' +
    `Largest grants: ${largestGrants(input, 3)}. ` +
    'Remove activities, shorten the parameter lists behind those grants (PassRoles, S3Buckets, ...), or remove ManagedPolicyArns to free slots.'
  );
}

export function packStatements(input: PackInput): PackResult {
  const { limits } = input;
  const slots = Math.max(0, limits.attachedPolicies - input.managedPolicyArnCount);
  const inline: Bin = { capacity: limits.inlinePolicyChars, items: [], chars: EMPTY_DOCUMENT_CHARS };
  const managed: Bin[] = [];
  const queue = items(input).sort(byDecreasingSize);
  // What fits nowhere; packing goes on so the error can say how much is left over in all.
  const leftover: Item[] = [];

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
    if (halves) queue.unshift(...halves.map(serialize).sort(byDecreasingSize));
    else leftover.push(next);
  }
  if (leftover.length > 0) throw new QuotaError(quotaMessage({ input, slots, bins: [inline, ...managed], leftover }));

  const documentOf = (bin: Bin) => policyDocument(sortByJson(bin.items).map((i) => i.statement));
  return {
    inlinePolicies: inline.items.length > 0 ? [{ name: INLINE_POLICY_NAME, document: documentOf(inline) }] : [],
    managedPolicies: managed.map((bin, i) => ({ name: managedPolicyName(input.roleName, i + 1), document: documentOf(bin) })),
  };
}

function showActions(statement: Statement): string {
  const actions = asList(statement.Action);
  if (actions.length === 1) return actions[0];
  return `${actions[0]} and ${actions.length - 1} more action${actions.length === 2 ? '' : 's'}`;
}

/** Managed policies the provider owns: `<roleName>-<n>`, so they share the role's `SageMaker-` prefix. */
export function managedPolicyName(roleName: string, index: number): string {
  return `${roleName}-${index}`;
}
