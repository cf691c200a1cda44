// What a change to persona roles grants and revokes: two sets of plans (by
// logical id) compared statement by statement, down to single actions on single
// resources under one condition, then grouped back for reading: the actions
// per resource, and resources with the same actions and conditions together.

import type { ConditionBlock, RolePlan, Statement, TrustStatement } from '../policy-engine';
import { digest, list, planStatements, showPassRole, type PassRoleGrant } from './grants';

export interface ResourceGrant {
  /** Resources that gain (or lose) exactly these actions under this condition. */
  resources: string[];
  actions: string[];
  /** The condition the actions are granted under; absent when unconditional. */
  condition?: ConditionBlock;
  /** Only for Deny statements (the engine renders none today); grants are Allow. */
  effect?: 'Deny';
}

export interface ConditionChange {
  resources: string[];
  actions: string[];
  /** Conditions the actions had on the resource before, and have after (`{}` = unconditional). */
  old: ConditionBlock[];
  new: ConditionBlock[];
}

export interface SetChange<T = string> {
  added: T[];
  removed: T[];
}

export interface RoleDiff {
  logicalId: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  roleName: { old?: string; new?: string };
  /** A new role replaces the old one (its name or path changes): CloudFormation creates it, then deletes the old. */
  replacement: boolean;
  grants: ResourceGrant[];
  revokes: ResourceGrant[];
  conditionChanges: ConditionChange[];
  passRoles: { granted: PassRoleGrant[]; revoked: PassRoleGrant[] };
  trust: { services: SetChange; actions: SetChange; conditionsChanged: boolean };
  managedPolicyArns: SetChange;
  permissionsBoundary?: { old?: string; new?: string };
  /** Changes that grant nothing: description, session duration, tags. */
  other: { field: string; old: unknown; new: unknown }[];
  /** Anything above except `other`: what an administrator must review. */
  permissionChange: boolean;
}

export interface DiffResult {
  /** Some role's permissions (or identity) change: the exit code is 1. */
  changed: boolean;
  roles: RoleDiff[];
}

const EMPTY_PLAN: Pick<RolePlan, 'inlinePolicies' | 'managedPolicies' | 'managedPolicyArns' | 'trustPolicy'> = {
  inlinePolicies: [],
  managedPolicies: [],
  managedPolicyArns: [],
  trustPolicy: { Version: '2012-10-17', Statement: [] },
};

/** A condition block with operators, keys and values sorted, so equal conditions compare equal. */
function canonical(block: ConditionBlock | undefined): ConditionBlock {
  const out: ConditionBlock = {};
  for (const operator of Object.keys(block ?? {}).sort()) {
    const entries = (block as ConditionBlock)[operator];
    out[operator] = {};
    for (const key of Object.keys(entries).sort()) {
      const values = [...new Set(list(entries[key]))].sort();
      out[operator][key] = values.length === 1 ? values[0] : values;
    }
  }
  return out;
}

const SEP = '\u0000';

/** Effect, action and resource → the set of conditions (canonical JSON) they are allowed under. */
function atoms(statements: readonly Statement[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const statement of statements) {
    const condition = JSON.stringify(canonical(statement.Condition));
    for (const action of list(statement.Action)) {
      for (const resource of list(statement.Resource)) {
        const key = [statement.Effect, action, resource].join(SEP);
        const set = out.get(key) ?? new Set<string>();
        set.add(condition);
        out.set(key, set);
      }
    }
  }
  return out;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Folds entries that differ only in their resource into one with every resource: first the actions of each
 * resource (under the rest of `key`), then the resources that share those actions.
 */
function fold<T extends { resources: string[]; actions: string[] }>(
  items: { resource: string; action: string; rest: string; make: () => Omit<T, 'resources' | 'actions'> }[],
): T[] {
  const perResource = new Map<string, { resource: string; rest: string; actions: string[]; make: () => Omit<T, 'resources' | 'actions'> }>();
  for (const item of items) {
    const id = [item.rest, item.resource].join(SEP);
    const entry = perResource.get(id) ?? { resource: item.resource, rest: item.rest, actions: [], make: item.make };
    entry.actions.push(item.action);
    perResource.set(id, entry);
  }
  const folded = new Map<string, T>();
  for (const entry of [...perResource.values()].sort((a, b) => byText(a.resource, b.resource))) {
    const actions = entry.actions.sort(byText);
    const id = [entry.rest, ...actions].join(SEP);
    const existing = folded.get(id);
    if (existing) existing.resources.push(entry.resource);
    else folded.set(id, { ...entry.make(), resources: [entry.resource], actions } as unknown as T);
  }
  return [...folded.values()].sort((a, b) => byText(a.resources[0], b.resources[0]) || byText(a.actions.join(), b.actions.join()));
}

/** Single grants folded back into entries of resources, actions and a condition. */
function group(items: { key: string; condition: string }[]): ResourceGrant[] {
  return fold<ResourceGrant>(
    items.map(({ key, condition }) => {
      const [effect, action, resource] = key.split(SEP);
      return {
        resource,
        action,
        rest: [effect, condition].join(SEP),
        make: () => ({
          ...(condition !== '{}' ? { condition: JSON.parse(condition) as ConditionBlock } : {}),
          ...(effect === 'Deny' ? { effect: 'Deny' as const } : {}),
        }),
      };
    }),
  );
}

function compareStatements(oldStatements: readonly Statement[], newStatements: readonly Statement[]) {
  const before = atoms(oldStatements);
  const after = atoms(newStatements);
  const granted: { key: string; condition: string }[] = [];
  const revoked: { key: string; condition: string }[] = [];
  const changed: { resource: string; action: string; rest: string; make: () => Omit<ConditionChange, 'resources' | 'actions'> }[] = [];
  for (const [key, conditions] of after) {
    const old = before.get(key);
    if (old === undefined) {
      for (const condition of conditions) granted.push({ key, condition });
    } else if (!sameSet(old, conditions)) {
      // The same action on the same resource, now under other conditions: one change, not a grant and a revoke.
      const [effect, action, resource] = key.split(SEP);
      const oldList = [...old].sort();
      const newList = [...conditions].sort();
      changed.push({
        resource,
        action,
        rest: [effect, ...oldList, SEP, ...newList].join(SEP),
        make: () => ({ old: oldList.map((c) => JSON.parse(c) as ConditionBlock), new: newList.map((c) => JSON.parse(c) as ConditionBlock) }),
      });
    }
  }
  for (const [key, conditions] of before) {
    if (!after.has(key)) for (const condition of conditions) revoked.push({ key, condition });
  }
  return { grants: group(granted), revokes: group(revoked), conditionChanges: fold<ConditionChange>(changed) };
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const old = new Set(before);
  const now = new Set(after);
  return { added: [...now].filter((x) => !old.has(x)).sort(), removed: [...old].filter((x) => !now.has(x)).sort() };
}

function passRoleChange(before: PassRoleGrant[], after: PassRoleGrant[]): { granted: PassRoleGrant[]; revoked: PassRoleGrant[] } {
  const servicesOf = (grants: PassRoleGrant[]) => new Map(grants.map((g) => [g.role, g.services]));
  const old = servicesOf(before);
  const now = servicesOf(after);
  const difference = (from: Map<string, string[]>, to: Map<string, string[]>): PassRoleGrant[] => {
    const out: PassRoleGrant[] = [];
    for (const [role, services] of from) {
      const other = to.get(role);
      if (other === undefined) out.push({ role, services });
      else {
        // Passing to any service (no condition) covers every named one.
        if (other.length === 0) continue;
        const extra = services.length === 0 ? [] : services.filter((s) => !other.includes(s));
        if (services.length === 0 || extra.length > 0) out.push({ role, services: extra });
      }
    }
    return out.sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
  };
  return { granted: difference(now, old), revoked: difference(old, now) };
}

function trustOf(statements: readonly TrustStatement[]) {
  return {
    services: statements.flatMap((s) => list(s.Principal.Service)),
    actions: statements.flatMap((s) => list(s.Action)),
    conditions: JSON.stringify(statements.map((s) => canonical(s.Condition))),
  };
}

type DiffablePlan = Pick<RolePlan, 'inlinePolicies' | 'managedPolicies' | 'managedPolicyArns' | 'trustPolicy'> & Partial<RolePlan>;

export function diffRole(logicalId: string, before: RolePlan | undefined, after: RolePlan | undefined): RoleDiff {
  const old: DiffablePlan = before ?? EMPTY_PLAN;
  const now: DiffablePlan = after ?? EMPTY_PLAN;
  const oldStatements = planStatements(old);
  const newStatements = planStatements(now);
  const { grants, revokes, conditionChanges } = compareStatements(oldStatements, newStatements);
  const passRoles = passRoleChange(digest(oldStatements).passRoles, digest(newStatements).passRoles);
  const oldTrust = trustOf(old.trustPolicy.Statement);
  const newTrust = trustOf(now.trustPolicy.Statement);
  const trust = {
    services: setChange(oldTrust.services, newTrust.services),
    actions: setChange(oldTrust.actions, newTrust.actions),
    conditionsChanged: before !== undefined && after !== undefined && oldTrust.conditions !== newTrust.conditions,
  };
  const managedPolicyArns = setChange(old.managedPolicyArns, now.managedPolicyArns);
  const replacement = before !== undefined && after !== undefined && (before.roleName !== after.roleName || before.path !== after.path);
  const boundaryChanged = before?.permissionsBoundary !== after?.permissionsBoundary;
  const other: RoleDiff['other'] = [];
  if (before && after) {
    for (const field of ['description', 'maxSessionDuration', 'tags'] as const) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) other.push({ field, old: before[field], new: after[field] });
    }
  }
  const status: RoleDiff['status'] = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const permissionChange =
    status !== 'changed' ||
    replacement ||
    grants.length + revokes.length + conditionChanges.length > 0 ||
    trust.services.added.length + trust.services.removed.length + trust.actions.added.length + trust.actions.removed.length > 0 ||
    trust.conditionsChanged ||
    managedPolicyArns.added.length + managedPolicyArns.removed.length > 0 ||
    boundaryChanged;
  return {
    logicalId,
    status: status === 'changed' && !permissionChange && other.length === 0 ? 'unchanged' : status,
    roleName: { ...(before ? { old: before.roleName } : {}), ...(after ? { new: after.roleName } : {}) },
    replacement,
    grants,
    revokes,
    conditionChanges,
    passRoles,
    trust,
    managedPolicyArns,
    ...(boundaryChanged
      ? {
          permissionsBoundary: {
            ...(before?.permissionsBoundary ? { old: before.permissionsBoundary } : {}),
            ...(after?.permissionsBoundary ? { new: after.permissionsBoundary } : {}),
          },
        }
      : {}),
    other,
    permissionChange,
  };
}

/** Compares roles by logical id; roles only on one side are added or removed. */
export function diffPlans(before: ReadonlyMap<string, RolePlan>, after: ReadonlyMap<string, RolePlan>): DiffResult {
  const ids = [...before.keys(), ...[...after.keys()].filter((id) => !before.has(id))];
  const roles = ids.map((id) => diffRole(id, before.get(id), after.get(id)));
  return { changed: roles.some((r) => r.permissionChange), roles };
}

// ---- human-readable output ----

function showCondition(block: ConditionBlock): string {
  if (Object.keys(block).length === 0) return 'unconditionally';
  return Object.entries(block)
    .flatMap(([operator, entries]) => Object.entries(entries).map(([key, value]) => `${operator} ${key}=${list(value).join('|')}`))
    .join(' and ');
}

function grantLines(sign: string, grants: ResourceGrant[]): string[] {
  return grants.flatMap((g) => [
    ...g.resources.map((r) => `    ${sign} ${g.effect === 'Deny' ? 'DENY ' : ''}${r}`),
    `        ${g.actions.join(', ')}`,
    ...(g.condition ? [`        when ${showCondition(g.condition)}`] : []),
  ]);
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Single grants: one action on one resource (under one condition). */
function actionCount(grants: ResourceGrant[]): number {
  return grants.reduce((n, g) => n + g.actions.length * g.resources.length, 0);
}

function resourceCount(grants: { resources: string[] }[]): number {
  return new Set(grants.flatMap((g) => g.resources)).size;
}

function headline(role: RoleDiff): string {
  const { old, new: now } = role.roleName;
  switch (role.status) {
    case 'added':
      return `${role.logicalId}: new role ${now}`;
    case 'removed':
      return `${role.logicalId}: role ${old} is deleted`;
    case 'unchanged':
      return `${role.logicalId}: ${now}: no change`;
    default:
      return role.replacement
        ? `${role.logicalId}: REPLACEMENT ${old} → ${now}: CloudFormation creates the new role, then deletes the old one (RoleNameSuffix or Path changed)`
        : `${role.logicalId}: ${now}: updated in place${role.permissionChange ? '' : ' (no permission change)'}`;
  }
}

export function formatRoleDiff(role: RoleDiff): string {
  const lines = [headline(role)];
  if (role.status === 'unchanged') return lines[0];
  const section = (title: string, body: string[]) => {
    if (body.length > 0) lines.push(`  ${title}`, ...body);
  };
  section(`Grants (${count(actionCount(role.grants), 'action')} on ${count(resourceCount(role.grants), 'resource')})`, grantLines('+', role.grants));
  section(`Revokes (${count(actionCount(role.revokes), 'action')} on ${count(resourceCount(role.revokes), 'resource')})`, grantLines('-', role.revokes));
  section(
    'Conditions changed',
    role.conditionChanges.flatMap((c) => [
      ...c.resources.map((r) => `    ~ ${r}`),
      `        ${c.actions.join(', ')}`,
      `        was ${c.old.map(showCondition).join(', or ')}`,
      `        now ${c.new.map(showCondition).join(', or ')}`,
    ]),
  );
  section('Pass roles', [
    ...role.passRoles.granted.map((g) => `    + ${showPassRole(g)}`),
    ...role.passRoles.revoked.map((g) => `    - ${showPassRole(g)}`),
  ]);
  section('Trust (who can assume the role)', [
    ...role.trust.services.added.map((s) => `    + service ${s}`),
    ...role.trust.services.removed.map((s) => `    - service ${s}`),
    ...role.trust.actions.added.map((a) => `    + ${a}`),
    ...role.trust.actions.removed.map((a) => `    - ${a}`),
    ...(role.trust.conditionsChanged ? ['    ~ trust conditions changed'] : []),
  ]);
  section('ManagedPolicyArns', [
    ...role.managedPolicyArns.added.map((a) => `    + ${a} (attached)`),
    ...role.managedPolicyArns.removed.map((a) => `    - ${a} (detached)`),
  ]);
  if (role.permissionsBoundary) {
    lines.push(`  Permissions boundary: ${role.permissionsBoundary.old ?? 'none'} → ${role.permissionsBoundary.new ?? 'none'}`);
  }
  for (const change of role.other) {
    lines.push(`  ${change.field} (grants nothing): ${JSON.stringify(change.old)} → ${JSON.stringify(change.new)}`);
  }
  return lines.join('\n');
}

export function formatDiff(result: DiffResult): string {
  const changed = result.roles.filter((r) => r.status !== 'unchanged');
  const body = changed.map(formatRoleDiff);
  const granted = result.roles.reduce((n, r) => n + actionCount(r.grants), 0);
  const revoked = result.roles.reduce((n, r) => n + actionCount(r.revokes), 0);
  const replaced = result.roles.filter((r) => r.replacement).length;
  const summary = result.changed
    ? `Permission changes: ${granted} granted and ${revoked} revoked (an action on a resource each), ` +
      `${count(result.roles.reduce((n, r) => n + r.conditionChanges.length, 0), 'condition change')}` +
      `${replaced > 0 ? `, ${count(replaced, 'role')} replaced` : ''} across ${count(result.roles.filter((r) => r.permissionChange).length, 'role')}.`
    : `No permission changes${changed.length > 0 ? ' (only descriptions, session durations or tags)' : ''}.`;
  return [...body, ...(body.length > 0 ? [''] : []), summary].join('\n');
}
