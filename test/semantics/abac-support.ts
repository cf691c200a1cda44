// UserIsolation from the rendered policy: which class each granted action is
// really in (derived from the statements the engine writes, never from the
// catalog's labels), and the alice-vs-bob simulator cases each class implies.
// The classification test compares the derived classes with the catalog's
// `isolation` blocks; the alice/bob suite plays the generated cases, so an
// action added to an activity is classified and simulated without a new test.

import { ACTIVITIES, isRefusal, type ActivityDefinition, type IsolationClasses } from '../../src/policy-engine/catalog';
import { arnBuilder } from '../../src/policy-engine/arn';
import { parseProperties } from '../../src/policy-engine/properties';
import { renderUnmerged } from '../../src/policy-engine/render';
import { CREATE_TAG_KEYS, USER_PROFILE_TAG, USER_ROLE_TAG } from '../../src/policy-engine/user-isolation';
import type { Statement } from '../../src/policy-engine/types';
import { DOMAIN_ID, OTHER_DOMAIN_ID, PLAN_CONTEXT, profileArn } from './catalog-a-support';
import type { SimulationRequest } from '../support/simulate';

export const BUCKET = 'team-a-data';
export const S3_PREFIX = 'studio/users';

const PARAMS: Record<string, string[]> = {
  PassRoles: [`arn:aws:iam::${PLAN_CONTEXT.account}:role/SageMaker-compute`],
  S3Buckets: [BUCKET],
  EcrRepositories: ['team-a/training'],
  AthenaWorkgroups: ['team-a'],
  GlueDatabases: ['team_a'],
  KendraIndexes: ['0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'],
  MlflowTrackingServers: ['team-a-tracking'],
};

/** The one user of a per-user role (UserIsolation.UserProfileName) in these tests. */
export const PER_USER = 'alice';

/** Resource properties of a role with just this activity: isolated (shared), not isolated, or alice's own role. */
/** VPC and KMS settings for the activities that take them (the classification must hold with them too). */
function customization(activity: ActivityDefinition): Record<string, unknown> {
  const key = (id: string) => `arn:aws:kms:${PLAN_CONTEXT.region}:${PLAN_CONTEXT.account}:key/${id}`;
  return {
    ...(activity.vpc ? { VpcSubnetIds: ['subnet-0abc1234'], VpcSecurityGroupIds: ['sg-0abc1234'] } : {}),
    ...(activity.kms
      ? { DataKmsKeyArns: [key('1234abcd-12ab-34cd-56ef-1234567890ab')], VolumeKmsKeyArns: [key('5678abcd-12ab-34cd-56ef-1234567890ab')] }
      : {}),
  };
}

export function isolatedProps(activity: ActivityDefinition, isolated = true, perUser = false, customized = false): Record<string, unknown> {
  const isolation = {
    DomainId: DOMAIN_ID,
    ...(activity.s3Isolation ? { S3Prefix: S3_PREFIX } : {}),
    ...(perUser ? { UserProfileName: PER_USER } : {}),
  };
  return {
    Persona: 'Custom',
    Activities: [activity.id],
    ...Object.fromEntries([...activity.requiredParameters, ...(activity.optionalParameters ?? [])].map((p) => [p, PARAMS[p]])),
    ...(isolated ? { UserIsolation: isolation } : {}),
    ...(customized ? customization(activity) : {}),
  };
}

/** The activity's own statements as the engine writes them (customized, before merging with other activities). */
export function renderedStatements(activity: ActivityDefinition, isolated = true, perUser = false, customized = false): Statement[] {
  const arn = arnBuilder(PLAN_CONTEXT.partition, PLAN_CONTEXT.region, PLAN_CONTEXT.account);
  const rendered = renderUnmerged(parseProperties(isolatedProps(activity, isolated, perUser, customized)), arn);
  return rendered.filter((r) => r.source === activity.id).flatMap((r) => r.statements);
}

export const list = (value: string | string[]): string[] => (typeof value === 'string' ? [value] : value);

const SOURCE_IDENTITY = '${aws:SourceIdentity}';
/** The caller's own profile ARN as the policy writes it: the role's domain, the Studio user (unresolved) or a per-user role's user. */
export const callerProfile = (user = SOURCE_IDENTITY): string =>
  `arn:aws:sagemaker:${PLAN_CONTEXT.region}:${PLAN_CONTEXT.account}:user-profile/${DOMAIN_ID}/${user === SOURCE_IDENTITY ? '${sagemaker:UserProfileName}' : user}`;
export const CALLER_PROFILE = callerProfile();
/** How the policy names a user's own prefix, secret and role tag: `<domain id>/<user>`. */
export const userPathOf = (user: string): string => `${DOMAIN_ID}/${user}`;

/** How one statement ties its grant to the caller, read from its conditions and resources. */
export type StatementKind =
  | { kind: 'ownerTag' }
  | { kind: 'ownerProfile' }
  | { kind: 'ownResource' }
  | { kind: 'ownPrefixListing' }
  | { kind: 'ownerRole' }
  | { kind: 'created' }
  | { kind: 'open' };

function conditionValue(statement: Statement, operator: string, key: string): string[] | undefined {
  const value = statement.Condition?.[operator]?.[key];
  return value === undefined ? undefined : list(value);
}

/** A per-user S3 resource anchored at the root of a named bucket: `arn:aws:s3:::<bucket>/<prefix>/<domain>/${aws:SourceIdentity}/...`. */
function anchoredUserObject(resource: string, user: string): boolean {
  const match = /^arn:aws:s3:::([^/*?$]+)\/(.*)$/.exec(resource);
  if (!match) return false;
  const key = match[2];
  const own = `/${userPathOf(user)}/`;
  const at = key.indexOf(own) + 1;
  return at > 0 && !/[*?$]/.test(key.slice(0, at)) && key.slice(at + own.length - 2).startsWith('/');
}

/**
 * How the statement ties its grant to the caller. `user` is how the policy
 * names the user: the session's source identity in a shared role, the literal
 * name in a role of one user's own. A shared role's SageMaker checks count only
 * when they also require the request to come from the role's domain.
 */
export function statementKind(statement: Statement, user = SOURCE_IDENTITY): StatementKind {
  const own = callerProfile(user);
  const is = (values: string[] | undefined): boolean => values !== undefined && values.length === 1 && values[0] === own;
  const domainKey = conditionValue(statement, 'StringEquals', 'sagemaker:DomainId');
  const bound = user !== SOURCE_IDENTITY || (domainKey?.length === 1 && domainKey[0] === DOMAIN_ID);
  if (
    bound &&
    is(conditionValue(statement, 'StringEquals', `aws:RequestTag/${USER_PROFILE_TAG}`)) &&
    conditionValue(statement, 'ForAllValues:StringEquals', 'aws:TagKeys') !== undefined
  ) {
    return { kind: 'created' };
  }
  if (bound && is(conditionValue(statement, 'StringEquals', `sagemaker:ResourceTag/${USER_PROFILE_TAG}`))) return { kind: 'ownerTag' };
  if (bound && is(conditionValue(statement, 'StringEquals', 'sagemaker:OwnerUserProfileArn'))) return { kind: 'ownerProfile' };
  const roleOwner = conditionValue(statement, 'StringEquals', `iam:ResourceTag/${USER_ROLE_TAG}`);
  if (roleOwner !== undefined && roleOwner.length === 1 && roleOwner[0] === userPathOf(user)) return { kind: 'ownerRole' };
  const resources = list(statement.Resource);
  if (resources.every((r) => (bound && r === own) || anchoredUserObject(r, user))) return { kind: 'ownResource' };
  const prefixes = conditionValue(statement, 'StringLike', 's3:prefix');
  if (
    prefixes !== undefined &&
    prefixes.every((p) => p.startsWith(`${S3_PREFIX}/${userPathOf(user)}/`)) &&
    resources.every((r) => /^arn:aws:s3:::[^/*?$]+$/.test(r))
  ) {
    return { kind: 'ownPrefixListing' };
  }
  return { kind: 'open' };
}

export type IsolationClass = 'ownerChecked' | 'createdAsOwner' | 'parentChecked' | 'shared';

/** Each granted action's class, derived from every statement that grants it. */
export function derivedClasses(statements: readonly Statement[], user = SOURCE_IDENTITY): Map<string, IsolationClass> {
  const kinds = new Map<string, Set<StatementKind['kind']>>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    const kind = statementKind(statement, user).kind;
    for (const action of list(statement.Action)) {
      if (!kinds.has(action)) kinds.set(action, new Set());
      kinds.get(action)?.add(kind);
    }
  }
  const out = new Map<string, IsolationClass>();
  for (const [action, set] of kinds) {
    // One unconditioned grant makes the action shared, whatever else checks it.
    if (set.has('open')) out.set(action, 'shared');
    else if (set.has('created') && set.size > 1) out.set(action, 'parentChecked');
    else if (set.has('created')) out.set(action, 'createdAsOwner');
    else out.set(action, 'ownerChecked');
  }
  return out;
}

/** The catalog's declared class of each action. */
export function declaredClasses(isolation: IsolationClasses): Map<string, IsolationClass | 'withheld'>[] {
  const lists: [IsolationClass | 'withheld', readonly string[]][] = [
    ['ownerChecked', isolation.ownerChecked],
    ['createdAsOwner', isolation.createdAsOwner],
    ['parentChecked', isolation.parentChecked],
    ['shared', isolation.shared.flatMap((s) => s.actions)],
    ['withheld', (isolation.withheld ?? []).flatMap((s) => s.actions)],
  ];
  return lists.map(([cls, actions]) => new Map(actions.map((a) => [a, cls])));
}

/** Activities that may be combined with UserIsolation. */
export const ISOLATABLE = ACTIVITIES.filter((a) => !isRefusal(a.isolation));
export const REFUSED = ACTIVITIES.filter((a) => isRefusal(a.isolation));
/** Refused in a shared role, allowed in a role of one user's own. */
export const PER_USER_ROLE = ACTIVITIES.filter((a) => isRefusal(a.isolation) && a.isolation.perUserRole !== undefined);

// ---------------------------------------------------------------------------
// alice vs bob cases, generated from the rendered statements.

export type Who = 'alice' | 'bob' | 'nobody';

export interface IsolationCase {
  name: string;
  /** Who the request is made as: always alice's Studio session (policy variables resolved for her). */
  request: SimulationRequest;
  expected: 'Allowed' | 'ImplicitlyDenied';
  /** The Studio domain the session comes from, when not the role's own (DOMAIN_ID): a same-named profile elsewhere. */
  domain?: string;
}

const REGION = PLAN_CONTEXT.region;
const ACCOUNT = PLAN_CONTEXT.account;

/** A concrete ARN inside a catalog resource pattern, for `user` where the pattern is per-user. */
export function concrete(resource: string, user: string): string {
  return resource
    .replaceAll('${sagemaker:DomainId}', DOMAIN_ID)
    .replaceAll('${sagemaker:UserProfileName}', user)
    .replaceAll(SOURCE_IDENTITY, user)
    .replace(/\*/g, 'x1');
}

const ownerTagOf = (who: Who): Record<string, string> =>
  who === 'nobody' ? {} : { [`sagemaker:ResourceTag/${USER_PROFILE_TAG}`]: profileArn(who) };

/** Request tags a create carries when Studio (or a forger) tags the new resource as `who`'s. */
export function createTags(who: Who, extraKeys: string[] = []): Record<string, string | string[]> {
  if (who === 'nobody') return extraKeys.length > 0 ? { 'aws:TagKeys': extraKeys } : {};
  return {
    [`aws:RequestTag/${USER_PROFILE_TAG}`]: profileArn(who),
    'aws:TagKeys': [USER_PROFILE_TAG, ...extraKeys],
  };
}

/** Context a statement's other conditions need to match (e.g. the TaggingAction of tag-on-create). */
function satisfyingContext(statement: Statement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['sagemaker:TaggingAction', 'iam:PassedToService']) {
    const value = conditionValue(statement, 'StringEquals', key);
    if (value) out[key] = value[0];
  }
  return out;
}

/**
 * A concrete ARN of a type this action is authorized on, inside the catalog's
 * resource pattern, as `user`'s where the pattern is per-user; undefined when
 * the action is not authorized on resources of this pattern.
 */
export type ResourceResolver = (action: string, pattern: string, user: string) => string | undefined;

/**
 * The cases one activity's isolated statements imply for `action`: the caller's
 * own resource is allowed, another user's and an unowned one are denied.
 */
export function casesFor(activity: ActivityDefinition, action: string, resolve: ResourceResolver, perUser = false): IsolationCase[] {
  const cases: IsolationCase[] = [];
  const user = perUser ? PER_USER : SOURCE_IDENTITY;
  // A shared role's requests come from alice's Studio session; a per-user role's from a job, with no source identity.
  const session: Record<string, string> = perUser ? {} : { 'aws:SourceIdentity': 'alice' };
  const statements = renderedStatements(activity, true, perUser).filter((s) => list(s.Action).includes(action));
  const createdStatements = statements.filter((s) => statementKind(s, user).kind === 'created');
  const createdContext = (who: Who, extra: string[] = []) => createTags(who, extra);
  for (const statement of statements) {
    const kind = statementKind(statement, user).kind;
    const extra = satisfyingContext(statement);
    for (const pattern of list(statement.Resource)) {
      const resource = resolve(action, pattern, 'alice');
      if (resource === undefined) continue;
      const at = (text: string) => `${action} on ${text}`;
      // A parent-checked create also carries the new resource's tags when its parent is checked.
      const parentTags = createdStatements.length > 0 && kind !== 'created' ? createdContext('alice') : {};
      switch (kind) {
        case 'created':
          cases.push(
            { name: at('a new resource tagged as alice\'s'), request: { action, resource, context: { ...extra, ...createdContext('alice') } }, expected: 'Allowed' },
            { name: at('a new resource tagged as bob\'s (impersonation)'), request: { action, resource, context: { ...extra, ...createdContext('bob') } }, expected: 'ImplicitlyDenied' },
            { name: at('a new resource with no owner tag'), request: { action, resource, context: { ...extra, ...createdContext('nobody') } }, expected: 'ImplicitlyDenied' },
            {
              name: at('a new resource tagged as alice\'s plus another sagemaker: tag'),
              request: { action, resource, context: { ...extra, ...createdContext('alice', ['sagemaker:forged']) } },
              expected: 'ImplicitlyDenied',
            },
          );
          if (!perUser) {
            cases.push({
              name: at('a new resource tagged as alice\'s, from a same-named profile of another domain'),
              request: { action, resource, context: { ...extra, ...createdContext('alice') } },
              expected: 'ImplicitlyDenied',
              domain: OTHER_DOMAIN_ID,
            });
          }
          break;
        case 'ownerTag':
          for (const [who, expected] of [['alice', 'Allowed'], ['bob', 'ImplicitlyDenied'], ['nobody', 'ImplicitlyDenied']] as const) {
            cases.push({
              name: at(`${who === 'nobody' ? 'an untagged' : `${who}'s`} ${Object.keys(parentTags).length > 0 ? 'parent' : 'resource'}`),
              request: { action, resource, context: { ...extra, ...parentTags, ...ownerTagOf(who) } },
              expected,
            });
          }
          if (perUser) {
            // alice's own role names her domain: an alice of another domain is another user.
            cases.push({
              name: at('the resource of an alice of another domain'),
              request: { action, resource, context: { ...extra, ...parentTags, [`sagemaker:ResourceTag/${USER_PROFILE_TAG}`]: profileArn('alice').replace(DOMAIN_ID, OTHER_DOMAIN_ID) } },
              expected: 'ImplicitlyDenied',
            });
          } else {
            cases.push({
              name: at('alice\'s resource, from a same-named profile of another domain'),
              request: { action, resource, context: { ...extra, ...parentTags, ...ownerTagOf('alice') } },
              expected: 'ImplicitlyDenied',
              domain: OTHER_DOMAIN_ID,
            });
          }
          break;
        case 'ownerProfile':
          for (const [who, expected] of [['alice', 'Allowed'], ['bob', 'ImplicitlyDenied'], ['nobody', 'ImplicitlyDenied']] as const) {
            cases.push({
              name: at(`${who === 'nobody' ? 'a resource with no owner profile' : `${who}'s app or space`}`),
              request: { action, resource, context: { ...extra, ...(who === 'nobody' ? {} : { 'sagemaker:OwnerUserProfileArn': profileArn(who) }) } },
              expected,
            });
          }
          if (!perUser) {
            cases.push({
              name: at('alice\'s app or space, from a same-named profile of another domain'),
              request: { action, resource, context: { ...extra, 'sagemaker:OwnerUserProfileArn': profileArn('alice') } },
              expected: 'ImplicitlyDenied',
              domain: OTHER_DOMAIN_ID,
            });
          }
          break;
        case 'ownResource': {
          const bobs = perUser ? resource.replace(`/${PER_USER}/`, '/bob/') : (resolve(action, pattern, 'bob') ?? '');
          cases.push(
            { name: at('alice\'s own resource'), request: { action, resource, context: { ...extra, ...session } }, expected: 'Allowed' },
            { name: at('bob\'s resource'), request: { action, resource: bobs, context: { ...extra, ...session } }, expected: 'ImplicitlyDenied' },
          );
          if (pattern.includes(`user-profile/${DOMAIN_ID}/`)) {
            cases.push(
              {
                name: at('a profile of alice\'s name in another domain'),
                request: { action, resource: resource.replace(DOMAIN_ID, OTHER_DOMAIN_ID), context: { ...extra, ...session } },
                expected: 'ImplicitlyDenied',
              },
              {
                name: at('alice\'s profile, from a same-named profile of another domain'),
                request: { action, resource, context: { ...extra, ...session } },
                expected: 'ImplicitlyDenied',
                domain: OTHER_DOMAIN_ID,
              },
            );
          }
          if (pattern.includes(SOURCE_IDENTITY)) {
            cases.push({ name: at('alice\'s prefix from a session without source identity'), request: { action, resource, context: extra }, expected: 'ImplicitlyDenied' });
          }
          break;
        }
        case 'ownerRole':
          for (const [who, expected] of [['alice', 'Allowed'], ['bob', 'ImplicitlyDenied'], ['nobody', 'ImplicitlyDenied']] as const) {
            cases.push({
              name: at(who === 'nobody' ? 'a role tagged for no user' : `${who}'s own role`),
              request: {
                action,
                resource,
                context: { ...extra, ...session, ...(who === 'nobody' ? {} : { [`iam:ResourceTag/${USER_ROLE_TAG}`]: userPathOf(who) }) },
              },
              expected,
            });
          }
          // A role of the same user name in another domain is not alice's.
          cases.push({
            name: at('a role of a same-named user of another domain'),
            request: { action, resource, context: { ...extra, ...session, [`iam:ResourceTag/${USER_ROLE_TAG}`]: `${OTHER_DOMAIN_ID}/alice` } },
            expected: 'ImplicitlyDenied',
          });
          break;
        case 'ownPrefixListing':
          for (const [who, expected] of [['alice', 'Allowed'], ['bob', 'ImplicitlyDenied']] as const) {
            cases.push({
              name: at(`${who}'s prefix`),
              request: { action, resource, context: { ...session, 's3:prefix': `${S3_PREFIX}/${userPathOf(who)}/` } },
              expected,
            });
          }
          cases.push({ name: at('the whole bucket'), request: { action, resource, context: session }, expected: 'ImplicitlyDenied' });
          break;
        case 'open':
          break;
      }
    }
  }
  return cases;
}

export { CREATE_TAG_KEYS, REGION, ACCOUNT };
