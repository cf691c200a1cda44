// Every action of every activity that may be combined with UserIsolation is in
// exactly one isolation class, and the class the catalog declares is the one
// the rendered policy actually implements (derived from the statements, see
// abac-support.ts). Activities that cannot be isolated are refused, with why
// and what to use instead.

import { ACTIVITIES, isRefusal, type IsolationClasses } from '../../src/policy-engine/catalog';
import { parseProperties } from '../../src/policy-engine/properties';
import { ValidationError } from '../../src/policy-engine/errors';
import { loadActions } from '../catalog/iam-reference';
import { planRole } from '../../src/policy-engine/plan';
import { USER_ROLE_TAG } from '../../src/policy-engine/user-isolation';
import { DOMAIN_ID, PLAN_CONTEXT } from './catalog-a-support';
import {
  declaredClasses,
  derivedClasses,
  isolatedProps,
  ISOLATABLE,
  list,
  PER_USER,
  PER_USER_ROLE,
  REFUSED,
  renderedStatements,
  S3_PREFIX,
  statementKind,
} from './abac-support';

const classesOf = (id: string): IsolationClasses => {
  const activity = ACTIVITIES.find((a) => a.id === id);
  if (!activity || isRefusal(activity.isolation)) throw new Error(`${id} is not isolatable`);
  return activity.isolation;
};

describe.each(ISOLATABLE.map((a) => [a.id, a] as const))('UserIsolation classes of %s', (id, activity) => {
  const isolation = classesOf(id);
  const declared = declaredClasses(isolation);

  it('puts every action in at most one class', () => {
    // GIVEN the catalog's isolation block WHEN its lists are compared
    const seen = new Map<string, number>();
    for (const map of declared) for (const action of map.keys()) seen.set(action, (seen.get(action) ?? 0) + 1);
    // THEN no action is listed twice
    expect([...seen].filter(([, n]) => n > 1).map(([a]) => a)).toEqual([]);
  });

  it.each([
    ['', false],
    [', with VPC and KMS settings', true],
  ])('classifies every action it grants with UserIsolation as the rendered policy implements it%s', (_label, customized) => {
    // GIVEN the activity's statements as the engine writes them for an isolated role
    const derived = derivedClasses(renderedStatements(activity, true, false, customized));
    // WHEN each granted action's derived class is compared with the declared one
    const declaredOf = (action: string) => declared.map((m) => m.get(action)).find((c) => c !== undefined);
    const mismatches = [...derived]
      .filter(([action, cls]) => declaredOf(action) !== cls)
      .map(([action, cls]) => `${action}: rendered ${cls}, declared ${declaredOf(action) ?? 'nothing'}`);
    // THEN each is declared in the class it really has (an unclassified action fails here)
    expect(mismatches).toEqual([]);
  });

  it('declares no action it does not grant, and withholds exactly what it grants only without UserIsolation', () => {
    // GIVEN the granted actions with and without UserIsolation
    const render = (isolatedRole: boolean) =>
      [...renderedStatements(activity, isolatedRole), ...renderedStatements(activity, isolatedRole, false, true)].flatMap((s) => list(s.Action));
    const isolated = new Set(render(true));
    const open = new Set(render(false));
    const [owner, created, parent, shared, withheld] = declared.map((m) => [...m.keys()]);
    // THEN classified actions are granted when isolated, withheld ones only when not
    expect([...owner, ...created, ...parent, ...shared].filter((a) => !isolated.has(a))).toEqual([]);
    expect(withheld.filter((a) => isolated.has(a) || !open.has(a))).toEqual([]);
    expect([...open].filter((a) => !isolated.has(a) && !withheld.includes(a))).toEqual([]);
  });

  it('gives a reason for everything shared or withheld', () => {
    const groups = [...isolation.shared, ...(isolation.withheld ?? [])];
    expect(groups.filter((g) => g.reason.trim().length < 20 || g.actions.length === 0)).toEqual([]);
  });

  it('uses tag conditions only on actions that support them (IAM action database)', async () => {
    // GIVEN the created-as-owner statements WHEN their actions are looked up
    const created = renderedStatements(activity).filter((s) => statementKind(s).kind === 'created');
    const actions = created.flatMap((s) => list(s.Action));
    const known = await loadActions(actions);
    // THEN each takes aws:RequestTag and aws:TagKeys, so the condition is never vacuous
    const missing = actions.filter((a) => {
      const keys = known.get(a)?.conditionKeys ?? [];
      return !keys.includes('aws:RequestTag/${TagKey}') || !keys.includes('aws:TagKeys');
    });
    expect(missing).toEqual([]);
  });
});

// Refused in a shared role, an activity may still go in a role of one user's own
// (UserIsolation.UserProfileName, e.g. that user's compute role): the same checks there.
describe.each(PER_USER_ROLE.map((a) => [a.id, a] as const))('UserIsolation classes of %s in a role of one user\'s own', (_id, activity) => {
  const refusal = activity.isolation;
  if (!isRefusal(refusal) || refusal.perUserRole === undefined) throw new Error('not a per-user activity');
  const declared = declaredClasses(refusal.perUserRole);

  it('classifies every action it grants as the rendered policy implements it', () => {
    // GIVEN alice's own role WHEN each granted action's class is derived (alice named literally)
    const derived = derivedClasses(
      [...renderedStatements(activity, true, true), ...renderedStatements(activity, true, true, true)],
      PER_USER,
    );
    const declaredOf = (action: string) => declared.map((m) => m.get(action)).find((c) => c !== undefined);
    const mismatches = [...derived]
      .filter(([action, cls]) => declaredOf(action) !== cls)
      .map(([action, cls]) => `${action}: rendered ${cls}, declared ${declaredOf(action) ?? 'nothing'}`);
    // THEN each is declared in the class it has
    expect(mismatches).toEqual([]);
  });

  it('tags the role for its user, so that only that user can pass it', () => {
    const plan = planRole(isolatedProps(activity, true, true), PLAN_CONTEXT);
    // (the domain is part of the value: a same-named user of another domain cannot pass it)
    expect(plan.tags).toEqual(expect.arrayContaining([{ Key: USER_ROLE_TAG, Value: `${DOMAIN_ID}/${PER_USER}` }]));
  });
});

describe('activities refused with UserIsolation', () => {
  it('are the ones the catalog cannot isolate (decided, not accidental)', () => {
    expect(REFUSED.map((a) => a.id).sort()).toEqual(
      [
        'AccessRequiredAwsServices',
        'AccessRequiredAwsServicesForMLflow',
        'AccessRequiredAwsServicesForMLflowApps',
        'ManageMLflowApps',
        'CanvasCoreAccess',
        'CanvasDataPreparation',
        'CanvasMLOps',
        'ManageGlueTables',
        'ManageMLflowTrackingServers',
        'QueryAthenaWorkgroups',
        'RunStudioEmrServerlessApps',
        'S3FullAccess',
        'UseMLflow',
      ].sort(),
    );
  });

  it.each(REFUSED.map((a) => [a.id, a] as const))('%s is refused with a message saying why and what instead', (_id, activity) => {
    // GIVEN a role with the activity and UserIsolation
    const refusal = activity.isolation;
    if (!isRefusal(refusal)) throw new Error('not refused');
    // WHEN parsed
    let error: unknown;
    try {
      parseProperties(isolatedProps(activity));
    } catch (e) {
      error = e;
    }
    // THEN the error names the activity, the reason and the alternative
    expect(error).toBeInstanceOf(ValidationError);
    const issue = (error as ValidationError).issues.find((i) => i.path === 'Activities');
    expect(issue?.value).toContain(activity.id);
    expect(issue?.message).toContain(refusal.refused);
    expect(issue?.message).toContain(`instead: ${refusal.instead}`);
    // AND without UserIsolation the activity is accepted
    expect(() => parseProperties(isolatedProps(activity, false))).not.toThrow();
  });

  it('names the persona when one of its default activities is refused', () => {
    let error: unknown;
    try {
      parseProperties({ Persona: 'DataScientist', PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-compute'], S3Buckets: ['b'], AthenaWorkgroups: ['w'], GlueDatabases: ['g'], UserIsolation: { S3Prefix: 'users' } });
    } catch (e) {
      error = e;
    }
    const issues = (error as ValidationError).issues.filter((i) => i.path === 'Persona');
    expect(issues.map((i) => i.value)).toEqual(
      expect.arrayContaining([expect.stringContaining('DataScientist (default activity UseMLflow)')]),
    );
  });
});

describe('S3 data under UserIsolation', () => {
  it('requires an S3Prefix with S3BucketAccess, since the whole bucket would be shared', () => {
    expect(() => parseProperties({ Persona: 'Custom', Activities: ['S3BucketAccess'], S3Buckets: ['b'], UserIsolation: {} })).toThrow(
      /UserIsolation\.S3Prefix.*is required with S3BucketAccess/s,
    );
  });

  it.each([
    ...ISOLATABLE.map((a) => [`${a.id} (shared role)`, a, false] as const),
    ...PER_USER_ROLE.map((a) => [`${a.id} (alice's own role)`, a, true] as const),
  ])('%s anchors every S3 object grant at the root of a named bucket, under the domain and the user', (_id, activity, perUser) => {
    // GIVEN the isolated statements WHEN their S3 object resources are read
    const objects = renderedStatements(activity, true, perUser)
      .flatMap((s) => list(s.Resource))
      .filter((r) => r.startsWith('arn:aws:s3:::') && r.includes('/'));
    // THEN each starts with a literal bucket name, the prefix, the role's domain and the user
    const user = perUser ? PER_USER : '${aws:SourceIdentity}';
    const anchored = (r: string) => /^arn:aws:s3:::[a-z0-9.-]+\//.test(r) && r.includes(`/${S3_PREFIX}/${DOMAIN_ID}/${user}/`) &&
      r.slice(r.indexOf('/')).startsWith(`/${S3_PREFIX}/${DOMAIN_ID}/${user}/`);
    expect(objects.filter((r) => !anchored(r))).toEqual([]);
  });
});

describe('UserIsolation.DomainId', () => {
  const base = { Persona: 'Custom', Activities: ['ManageMLJobs'], PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-compute'] };
  const issueOf = (isolation: unknown) => {
    try {
      parseProperties({ ...base, UserIsolation: isolation });
    } catch (e) {
      return (e as ValidationError).issues.find((i) => i.path === 'UserIsolation.DomainId');
    }
    return undefined;
  };

  it('is required, with why (profile names are unique only per domain) and what to give', () => {
    // GIVEN UserIsolation without a domain WHEN parsed THEN it is refused, saying why and what to give
    const issue = issueOf({ SecretsPrefix: 'team-a' });
    expect(issue?.message).toMatch(/is required with UserIsolation/);
    expect(issue?.message).toMatch(/unique only within one SageMaker domain/);
    expect(issue?.message).toMatch(/aws:SourceIdentity/);
    expect(issue?.message).toMatch(/GetAtt Domain\.DomainId/);
  });

  it.each([
    ['not a domain id', 'abcdef123456'],
    ['upper case', 'd-ABCDEF123456'],
    ['a policy variable', 'd-${aws:username}'],
    ['a wildcard', 'd-*'],
    ['too long', `d-${'a'.repeat(62)}`],
    ['empty after d-', 'd-'],
    ['not a string', 42],
  ])('refuses %s, naming the value and the pattern', (_name, value) => {
    const issue = issueOf({ DomainId: value });
    expect(issue?.value).toBe(JSON.stringify(value));
    expect(issue?.message).toMatch(/SageMaker domain id|policy variables|must be a string|wildcard|\*/);
  });

  it('accepts a domain id of the documented pattern', () => {
    expect(parseProperties({ ...base, UserIsolation: { DomainId: 'd-abcdef123456' } }).userIsolation).toEqual({ domainId: 'd-abcdef123456' });
    expect(parseProperties({ ...base, UserIsolation: { DomainId: `d-${'a'.repeat(61)}` } }).userIsolation?.domainId).toHaveLength(63);
  });
});
