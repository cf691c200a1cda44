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
  /** Cached joins of actions / resources, the grouping keys. */
  actionsKey: string;
  resourcesKey: string;
}

const SEPARATOR = '\u0000';

function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

function toGroup(statement: Statement): Group {
  const condition = canonicalConditions(statement.Condition);
  const actions = sortedUnique(asList(statement.Action));
  const resources = sortedUnique(asList(statement.Resource));
  return {
    effect: statement.Effect,
    actions,
    resources,
    condition,
    conditionKey: condition ? JSON.stringify(condition) : '',
    actionsKey: actions.join(SEPARATOR),
    resourcesKey: resources.join(SEPARATOR),
  };
}

/** One pass: groups equal on effect, condition and the `shared` list get the union of their `union` lists. */
function mergeOn(groups: Group[], shared: 'actionsKey' | 'resourcesKey', union: 'actions' | 'resources'): Group[] {
  const byKey = new Map<string, Group>();
  const out: Group[] = [];
  const grown = new Set<Group>();
  for (const group of groups) {
    const key = `${group.effect}${SEPARATOR}${group[shared]}${SEPARATOR}${group.conditionKey}`;
    const existing = byKey.get(key);
    if (existing) {
      for (const value of group[union]) existing[union].push(value);
      grown.add(existing);
    } else {
      const copy = { ...group, [union]: group[union].slice() };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  for (const group of grown) {
    group[union] = sortedUnique(group[union]);
    if (union === 'actions') group.actionsKey = group.actions.join(SEPARATOR);
    else group.resourcesKey = group.resources.join(SEPARATOR);
  }
  return out;
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
  return sortByJson(statements.map((statement) => ({ statement, json: JSON.stringify(statement) }))).map((i) => i.statement);
}

/** Sort statements already serialized (the packer has the JSON at hand). */
export function sortByJson<T extends { json: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareStrings(a.json, b.json));
}

export function mergeStatements(statements: readonly Statement[]): Statement[] {
  let groups = statements.map(toGroup);
  for (;;) {
    const before = groups.length;
    groups = mergeOn(groups, 'resourcesKey', 'actions');
    groups = mergeOn(groups, 'actionsKey', 'resources');
    if (groups.length === before) break;
  }
  return sortStatements(groups.map(toStatement));
}

/** Normalize one statement (sorted, de-duplicated, single values as strings) without merging it with others. */
export function normalizeStatement(statement: Statement): Statement {
  return toStatement(toGroup(statement));
}
