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
  conditionKey: number;
  /** Interned ids of the action and resource lists: short grouping keys however long the lists. */
  actionsKey: number;
  resourcesKey: number;
}

/**
 * Maps each distinct list to a small number. Elements are numbered first, so
 * the list key is a short string of numbers rather than the joined ARNs.
 */
class Interner {
  private readonly elements = new Map<string, number>();
  private readonly lists = new Map<string, number>();

  private element(value: string): number {
    let id = this.elements.get(value);
    if (id === undefined) {
      id = this.elements.size;
      this.elements.set(value, id);
    }
    return id;
  }

  id(list: readonly string[] | string): number {
    let key: string;
    if (typeof list === 'string') key = `s${this.element(list)}`;
    else {
      key = '';
      for (const value of list) key += `${this.element(value)},`;
    }
    let id = this.lists.get(key);
    if (id === undefined) {
      id = this.lists.size;
      this.lists.set(key, id);
    }
    return id;
  }
}


function asList(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

function toGroup(statement: Statement, interner: Interner): Group {
  const condition = canonicalConditions(statement.Condition);
  const actions = sortedUnique(asList(statement.Action));
  const resources = sortedUnique(asList(statement.Resource));
  return {
    effect: statement.Effect,
    actions,
    resources,
    condition,
    conditionKey: interner.id(condition ? JSON.stringify(condition) : ''),
    actionsKey: interner.id(actions),
    resourcesKey: interner.id(resources),
  };
}

/** One pass: groups equal on effect, condition and the `shared` list get the union of their `union` lists. */
function mergeOn(
  groups: Group[],
  shared: 'actionsKey' | 'resourcesKey',
  union: 'actions' | 'resources',
  interner: Interner,
): Group[] {
  const byKey = new Map<number, Group>();
  const out: Group[] = [];
  const grown = new Set<Group>();
  for (const group of groups) {
    // Interned ids are small, so one safe integer identifies effect, shared list and condition.
    const key = (group.conditionKey * 0x100000 + group[shared]) * 2 + (group.effect === 'Allow' ? 0 : 1);
    const existing = byKey.get(key);
    if (existing) {
      for (const value of group[union]) existing[union].push(value);
      grown.add(existing);
    } else {
      const copy: Group = {
        effect: group.effect,
        actions: union === 'actions' ? group.actions.slice() : group.actions,
        resources: union === 'resources' ? group.resources.slice() : group.resources,
        condition: group.condition,
        conditionKey: group.conditionKey,
        actionsKey: group.actionsKey,
        resourcesKey: group.resourcesKey,
      };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  for (const group of grown) {
    group[union] = sortedUnique(group[union]);
    if (union === 'actions') group.actionsKey = interner.id(group.actions);
    else group.resourcesKey = interner.id(group.resources);
  }
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

/** Canonical order of statements: by their serialized form, so it never depends on input order. */
/** A statement with its minified JSON, computed once for sorting and for size counting. */
export interface SerializedStatement {
  statement: Statement;
  json: string;
}

export function serialize(statement: Statement): SerializedStatement {
  return { statement, json: JSON.stringify(statement) };
}

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
  const interner = new Interner();
  let groups = statements.map((s) => toGroup(s, interner));
  // Each pass is idempotent, so once one pass merges nothing after the other
  // pass ran, neither can merge anything more: that is the fixpoint.
  let passes = 0;
  for (;;) {
    const before = groups.length;
    groups = passes % 2 === 0 ? mergeOn(groups, 'resourcesKey', 'actions', interner) : mergeOn(groups, 'actionsKey', 'resources', interner);
    passes++;
    if (groups.length === before && passes >= 2) break;
  }
  return sortByJson(groups.map((g) => serialize(toStatement(g))));
}
