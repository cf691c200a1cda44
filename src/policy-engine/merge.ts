// Merges statements without changing what they allow: statements that share
// effect, resources and condition become one with the union of their actions;
// statements that share effect, actions and condition become one with the union
// of their resources. Repeated until nothing changes, then put in canonical
// order. Only lists the user or catalog wrote are combined, so no wildcard is
// ever introduced.

import { canonicalConditions, compactList, compareStrings, sortedUnique } from './conditions';
import type { ConditionBlock, Statement } from './types';

interface Group {
  effect: Statement['Effect'];
  actions: string[];
  resources: string[];
  condition: ConditionBlock | undefined;
  conditionKey: string;
}

function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

function toGroup(statement: Statement): Group {
  const condition = canonicalConditions(statement.Condition);
  return {
    effect: statement.Effect,
    actions: sortedUnique(asList(statement.Action)),
    resources: sortedUnique(asList(statement.Resource)),
    condition,
    conditionKey: condition ? JSON.stringify(condition) : '',
  };
}

function mergeOn(groups: Group[], shared: (g: Group) => string, union: 'actions' | 'resources'): Group[] {
  const byKey = new Map<string, Group>();
  for (const group of groups) {
    const key = `${group.effect}\u0000${shared(group)}\u0000${group.conditionKey}`;
    const existing = byKey.get(key);
    if (existing) existing[union] = sortedUnique([...existing[union], ...group[union]]);
    else byKey.set(key, { ...group, [union]: [...group[union]] });
  }
  return [...byKey.values()];
}

export function toStatement(group: Pick<Group, 'effect' | 'actions' | 'resources' | 'condition'>): Statement {
  return {
    Effect: group.effect,
    Action: compactList(group.actions),
    Resource: compactList(group.resources),
    ...(group.condition ? { Condition: group.condition } : {}),
  };
}

/** Canonical order of statements: by their serialized form, so it never depends on input order. */
export function sortStatements(statements: Statement[]): Statement[] {
  return statements
    .map((s) => ({ s, key: JSON.stringify(s) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ s }) => s);
}

export function mergeStatements(statements: readonly Statement[]): Statement[] {
  let groups = statements.map(toGroup);
  for (;;) {
    const before = groups.length;
    groups = mergeOn(groups, (g) => g.resources.join('\u0001'), 'actions');
    groups = mergeOn(groups, (g) => g.actions.join('\u0001'), 'resources');
    if (groups.length === before) break;
  }
  return sortStatements(groups.map(toStatement));
}

/** Normalize one statement (sorted, de-duplicated, single values as strings) without merging it with others. */
export function normalizeStatement(statement: Statement): Statement {
  return toStatement(toGroup(statement));
}
