// Merges statements without changing what they allow: statements that share
// effect, resources and condition become one with the union of their actions;
// statements that share effect, actions and condition become one with the union
// of their resources. Repeated until nothing changes, then put in canonical
// order. Only lists the user or catalog wrote are combined, so no wildcard is
// ever introduced.

import { canonicalConditions, compareStrings, sortedUnique } from './conditions';
import type { ConditionBlock, Statement } from './types';

interface Group {
  effect: Statement['Effect'];
  actions: string[];
  resources: string[];
  condition: ConditionBlock | undefined;
  /** Equal conditions (canonical JSON) share a number, so comparing them is cheap. */
  conditionId: number;
}

type ListName = 'actions' | 'resources';

function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function toGroup(statement: Statement, conditionIds: Map<string, number>): Group {
  const condition = canonicalConditions(statement.Condition);
  const conditionJson = condition ? JSON.stringify(condition) : '';
  let conditionId = conditionIds.get(conditionJson);
  if (conditionId === undefined) {
    conditionId = conditionIds.size;
    conditionIds.set(conditionJson, conditionId);
  }
  return {
    effect: statement.Effect,
    actions: sortedUnique(asList(statement.Action)),
    resources: sortedUnique(asList(statement.Resource)),
    condition,
    conditionId,
  };
}

/**
 * One pass: groups equal on effect, condition and the `shared` list get the
 * union of their `union` lists. Candidates are bucketed by condition and the
 * shared list's first element, then compared element by element: no key
 * strings are built from the (long) lists.
 */
function mergeOn(groups: readonly Group[], shared: ListName, union: ListName): Group[] {
  const buckets = new Map<number, Map<string, Group[]>>();
  const out: Group[] = [];
  const grown = new Set<Group>();
  for (const group of groups) {
    const outer = group.conditionId * 2 + (group.effect === 'Allow' ? 0 : 1);
    let byFirst = buckets.get(outer);
    if (!byFirst) buckets.set(outer, (byFirst = new Map()));
    const first = group[shared][0] ?? '';
    let candidates = byFirst.get(first);
    if (!candidates) byFirst.set(first, (candidates = []));
    const existing = candidates.find((c) => sameList(c[shared], group[shared]));
    if (existing) {
      for (const value of group[union]) existing[union].push(value);
      grown.add(existing);
      continue;
    }
    // Copy the list this pass extends; the other is shared, never mutated.
    const copy: Group = {
      effect: group.effect,
      actions: union === 'actions' ? group.actions.slice() : group.actions,
      resources: union === 'resources' ? group.resources.slice() : group.resources,
      condition: group.condition,
      conditionId: group.conditionId,
    };
    candidates.push(copy);
    out.push(copy);
  }
  for (const group of grown) group[union] = sortedUnique(group[union]);
  return out;
}

/** One value as a string, several as the list itself (already sorted and unique). */
function compactSorted(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/** A statement from lists that are already sorted and de-duplicated (merged groups and their slices are). */
export function toStatement(group: Pick<Group, 'effect' | 'actions' | 'resources' | 'condition'>): Statement {
  const statement: Statement = {
    Effect: group.effect,
    Action: compactSorted(group.actions),
    Resource: compactSorted(group.resources),
  };
  if (group.condition) statement.Condition = group.condition;
  return statement;
}

/** A statement with its minified JSON, computed once for sorting and for size counting. */
export interface SerializedStatement {
  statement: Statement;
  json: string;
}

export function serialize(statement: Statement): SerializedStatement {
  return { statement, json: JSON.stringify(statement) };
}

/** Canonical order of statements: by their serialized form, so it never depends on input order. */
export function sortStatements(statements: Statement[]): Statement[] {
  return sortByJson(statements.map(serialize)).map((i) => i.statement);
}

/** Sort statements already serialized (the packer has the JSON at hand). */
export function sortByJson<T extends { json: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareStrings(a.json, b.json));
}

export function mergeStatements(statements: readonly Statement[]): Statement[] {
  return mergeSerialized(statements).map((s) => s.statement);
}

/** mergeStatements, keeping each result's JSON for the packer. */
export function mergeSerialized(statements: readonly Statement[]): SerializedStatement[] {
  const conditionIds = new Map<string, number>();
  let groups = statements.map((s) => toGroup(s, conditionIds));
  // Each pass is idempotent, so once one pass merges nothing after the other
  // pass ran, neither can merge anything more: that is the fixpoint.
  for (let passes = 0; ; passes++) {
    const before = groups.length;
    groups = passes % 2 === 0 ? mergeOn(groups, 'resources', 'actions') : mergeOn(groups, 'actions', 'resources');
    if (groups.length === before && passes >= 1) break;
  }
  return sortByJson(groups.map((g) => serialize(toStatement(g))));
}
