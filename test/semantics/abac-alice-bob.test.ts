// alice and bob share one isolated role. For every action that is not shared by
// design, of every activity that may be combined with UserIsolation, alice
// reaches her own resource and neither bob's nor an unowned one. The cases are
// generated from the rendered statements (abac-support.ts), so an action added
// to an activity is simulated without a new test.

import { planRole } from '../../src/policy-engine/plan';
import { isRefusal, type IsolationClasses } from '../../src/policy-engine/catalog';
import { arnMatchesType, loadActions, type ActionRef } from '../catalog/iam-reference';
import { simulate } from '../support/simulate';
import { OTHER_DOMAIN_ID, PLAN_CONTEXT, policiesAsStudioUser } from './catalog-a-support';
import { casesFor, concrete, isolatedProps, ISOLATABLE, PER_USER, PER_USER_ROLE, type ResourceResolver } from './abac-support';
import { allPoliciesOf } from '../support/simulate';

const WHERE = { partition: PLAN_CONTEXT.partition, region: PLAN_CONTEXT.region, account: PLAN_CONTEXT.account };

/** IAM's glob: `*` any run of characters, `?` one. */
const globMatches = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(text);

function resolverFor(refs: Map<string, ActionRef | undefined>): ResourceResolver {
  return (action, pattern, user) => {
    const ref = refs.get(action);
    for (const type of ref?.resourceTypes ?? []) {
      if (!arnMatchesType(pattern, type, WHERE)) continue;
      // Per-user patterns (policy variables) resolve for the user; others take a name of the type's own format.
      if (pattern.includes('${')) return concrete(pattern, user);
      if (!/[*?]/.test(pattern)) return pattern;
      const filled = type.arnFormat
        .replaceAll('${Partition}', WHERE.partition)
        .replaceAll('${Region}', WHERE.region)
        .replaceAll('${Account}', WHERE.account)
        .replace(/\$\{[^}]+\}/g, 'x1');
      if (globMatches(pattern, filled)) return filled;
      // e.g. a per-user S3 prefix: the pattern's own wildcard, named.
      const named = pattern.replace(/\*/g, 'x1');
      if (arnMatchesType(named, type, WHERE)) return named;
    }
    return undefined;
  };
}

const nonShared = (isolation: IsolationClasses): string[] => [
  ...isolation.ownerChecked,
  ...isolation.createdAsOwner,
  ...isolation.parentChecked,
];

describe.each(ISOLATABLE.map((a) => [a.id, a] as const))('alice vs bob with %s', (_id, activity) => {
  if (isRefusal(activity.isolation)) return;
  const actions = nonShared(activity.isolation);
  const plan = planRole(isolatedProps(activity), PLAN_CONTEXT);
  const alice = policiesAsStudioUser(plan, 'alice');
  // A Studio user named alice in another domain the role was (wrongly) attached to.
  const aliceElsewhere = policiesAsStudioUser(plan, 'alice', OTHER_DOMAIN_ID);
  let resolve: ResourceResolver;

  beforeAll(async () => {
    resolve = resolverFor(await loadActions(actions));
  });

  if (actions.length === 0) {
    it('grants nothing user-owned: everything is shared by design (see its isolation block)', () => {
      expect(activity.isolation).toMatchObject({ ownerChecked: [], createdAsOwner: [], parentChecked: [] });
    });
    return;
  }

  it.each(actions)('%s: alice\'s own allowed, bob\'s and unowned denied', async (action) => {
    // GIVEN the cases the rendered statements imply for this action
    const cases = casesFor(activity, action, resolve);
    // WHEN each is simulated as alice
    const wrong: string[] = [];
    for (const c of cases) {
      const decision = await simulate(c.domain === undefined ? alice : aliceElsewhere, c.request);
      if (decision !== c.expected) wrong.push(`${c.name}: ${decision}, expected ${c.expected}`);
    }
    // THEN every decision is the expected one, and there were own, foreign and unowned cases to play
    expect(wrong).toEqual([]);
    expect(cases.filter((c) => c.expected === 'Allowed').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.expected !== 'Allowed').length).toBeGreaterThanOrEqual(2);
  });
});

// A role of one user's own (UserIsolation.UserProfileName), e.g. alice's compute role: its
// jobs run with no source identity and no Studio keys, and still reach only alice's things.
describe.each(PER_USER_ROLE.map((a) => [a.id, a] as const))('alice\'s own role with %s', (_id, activity) => {
  const refusal = activity.isolation;
  if (!isRefusal(refusal) || refusal.perUserRole === undefined) return;
  const actions = nonShared(refusal.perUserRole);
  const policies = allPoliciesOf(planRole(isolatedProps(activity, true, true), PLAN_CONTEXT));
  let resolve: ResourceResolver;

  beforeAll(async () => {
    resolve = resolverFor(await loadActions(actions));
  });

  it.each(actions)('%s: alice\'s own allowed, bob\'s and unowned denied', async (action) => {
    const cases = casesFor(activity, action, resolve, true);
    const wrong: string[] = [];
    for (const c of cases) {
      const decision = await simulate(policies, c.request);
      if (decision !== c.expected) wrong.push(`${c.name}: ${decision}, expected ${c.expected}`);
    }
    expect(wrong).toEqual([]);
    expect(cases.filter((c) => c.expected === 'Allowed').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.expected !== 'Allowed').length).toBeGreaterThanOrEqual(1);
    expect(PER_USER).toBe('alice');
  });
});
