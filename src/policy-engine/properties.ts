// parseProperties: the resource's Properties as CloudFormation sends them
// (every scalar a string) → validated, normalized RoleProperties. Every issue
// is collected first and reported in one ValidationError.

import { ACTIVITIES, ACTIVITY_IDS, findActivity } from './catalog';
import { PARAMETER_NAMES, type ActivityDefinition, type ParameterName, type ParameterValues } from './catalog/model';
import { OwnershipTag, PERSONA_IDS, Prop, RESOURCE_TYPE, ROLE_NAME_PREFIX, USER_ROLE_TAG, UserIsolationProp, type PersonaId } from './names';
import { validateListValue, validatePolicyArn, type ListPropertyName } from './parameters';
import { findPersona } from './personas';
import type { Tag } from './types';
import { IssueCollector } from './validation/issues';
import { isolationIssues } from './user-isolation';
import { didYouMean } from './validation/suggest';
import { forbiddenCharacters } from './validation/text';

export interface VpcSettings {
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
}

export interface KmsSettings {
  dataKeyArns: readonly string[];
  volumeKeyArns: readonly string[];
}

export interface UserIsolationSettings {
  /**
   * The SageMaker domain the role serves (UserIsolation.DomainId). A user
   * profile name is unique only within its domain, and S3 and Secrets Manager
   * requests carry nothing but that name (aws:SourceIdentity), so every
   * per-user prefix includes the domain id and every SageMaker owner check
   * names this domain.
   */
  domainId: string;
  s3Prefix?: string;
  secretsPrefix?: string;
  /** A role of this one Studio user's own (e.g. their compute role): prefixes name the user instead of the session's source identity. */
  userProfileName?: string;
}

export interface RoleProperties {
  persona: PersonaId;
  /** Resolved activity ids in catalog order. */
  activities: readonly string[];
  /** True when Activities was omitted and the persona's defaults apply. */
  activitiesFromPersona: boolean;
  roleNameSuffix?: string;
  path: string;
  description: string;
  maxSessionDuration: number;
  params: ParameterValues;
  vpc?: VpcSettings;
  kms?: KmsSettings;
  userIsolation?: UserIsolationSettings;
  managedPolicyArns: readonly string[];
  permissionsBoundary?: string;
  tags: readonly Tag[];
  /**
   * Regions the role is used in, as listed (the order has no effect on the
   * plan); undefined when Regions is omitted and the role serves the region of
   * the stack that plans it (PlanContext.region).
   */
  regions?: readonly string[];
}

export const DEFAULT_PATH = '/';
export const DEFAULT_MAX_SESSION_DURATION = 3600;
export const MIN_MAX_SESSION_DURATION = 3600;
export const MAX_MAX_SESSION_DURATION = 43200;
/** IAM role names are at most 64 characters, and ours start with `SageMaker-`. */
export const MAX_ROLE_NAME_SUFFIX = 64 - ROLE_NAME_PREFIX.length;
/** IAM's 50 tags per role, minus the two ownership tags the provider adds. */
export const MAX_USER_TAGS = 50 - Object.keys(OwnershipTag).length;

/**
 * Properties CloudFormation itself sends to every custom resource; accepted and ignored.
 * (CatalogVersion is ignored too, but users write it, so it stays in the allowed list of errors.)
 */
const CLOUDFORMATION_PROPS: readonly string[] = [Prop.ServiceToken, Prop.ServiceTimeout];
const KNOWN_PROPS: readonly string[] = Object.values(Prop);

export function defaultDescription(persona: PersonaId): string {
  const title = findPersona(persona)?.title ?? persona;
  return `SageMaker ${title} role created by ${RESOURCE_TYPE}`;
}

function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** CloudFormation sends numbers as strings; plain JSON callers may send numbers. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A list of strings, or undefined (with issues recorded) when the shape is wrong. Duplicates are errors. */
function readStringList(issues: IssueCollector, path: string, value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, value, 'must be a list of strings');
    return undefined;
  }
  const seen = new Map<string, number>();
  const out: string[] = [];
  value.forEach((item, i) => {
    const text = scalarText(item);
    if (text === undefined) {
      issues.add(`${path}[${i}]`, item, 'must be a string');
      return;
    }
    const first = seen.get(text);
    if (first !== undefined) {
      issues.add(`${path}[${i}]`, text, `is listed twice (also at ${path}[${first}]); list each value once`);
      return;
    }
    seen.set(text, i);
    out.push(text);
  });
  return out;
}

/** The validated list ([] when absent), or undefined when it has issues (already recorded). */
function readValidatedList(
  issues: IssueCollector,
  raw: Record<string, unknown>,
  property: ListPropertyName,
): string[] | undefined {
  if (raw[property] === undefined) return [];
  const before = issues.count;
  const list = readStringList(issues, property, raw[property]);
  if (list === undefined) return undefined;
  list.forEach((value, i) => {
    const problem = validateListValue(property, value);
    if (problem) issues.add(`${property}[${i}]`, value, problem);
  });
  return issues.count === before ? list : undefined;
}

/** Regions as listed, or undefined when omitted (the stack's region). Partitions are checked at plan time. */
function readRegions(issues: IssueCollector, raw: Record<string, unknown>): string[] | undefined {
  if (raw[Prop.Regions] === undefined) return undefined;
  if (Array.isArray(raw[Prop.Regions]) && (raw[Prop.Regions] as unknown[]).length === 0) {
    issues.add(Prop.Regions, [], "must list at least one region; omit Regions to use the stack's region");
    return undefined;
  }
  return readValidatedList(issues, raw, 'Regions');
}

function readPersona(issues: IssueCollector, raw: Record<string, unknown>): PersonaId | undefined {
  const value = raw[Prop.Persona];
  const allowed = `one of ${PERSONA_IDS.join(', ')}`;
  if (value === undefined) {
    issues.missing(Prop.Persona, `is required: ${allowed}`);
    return undefined;
  }
  const persona = PERSONA_IDS.find((p) => p === value);
  if (persona === undefined) {
    issues.add(Prop.Persona, value, `must be ${allowed}${typeof value === 'string' ? didYouMean(value, PERSONA_IDS) : ''}`);
  }
  return persona;
}

/** The explicit Activities list, or undefined when omitted or invalid. */
function readActivities(issues: IssueCollector, raw: Record<string, unknown>): ActivityDefinition[] | 'invalid' | undefined {
  if (raw[Prop.Activities] === undefined) return undefined;
  const before = issues.count;
  const ids = readStringList(issues, Prop.Activities, raw[Prop.Activities]);
  if (ids === undefined) return 'invalid';
  if (ids.length === 0) {
    issues.add(Prop.Activities, [], 'must list at least one activity; omit Activities to use the persona defaults');
  }
  const found: ActivityDefinition[] = [];
  ids.forEach((id, i) => {
    const activity = findActivity(id);
    if (activity) found.push(activity);
    else issues.add(`${Prop.Activities}[${i}]`, id, `is not a known activity${didYouMean(id, ACTIVITY_IDS)} (see \`sagemaker-persona-role activities\`)`);
  });
  return issues.count === before ? found : 'invalid';
}

function inCatalogOrder(activities: readonly ActivityDefinition[]): ActivityDefinition[] {
  const chosen = new Set(activities.map((a) => a.id));
  return ACTIVITIES.filter((a) => chosen.has(a.id));
}

function usesParameter(activity: ActivityDefinition, name: ParameterName): boolean {
  return activity.requiredParameters.includes(name) || (activity.optionalParameters ?? []).includes(name);
}

function checkParameterUse(
  issues: IssueCollector,
  persona: PersonaId,
  fromPersona: boolean,
  activities: readonly ActivityDefinition[],
  params: ParameterValues,
  invalid: ReadonlySet<ParameterName>,
): void {
  for (const name of PARAMETER_NAMES) {
    if (params[name].length > 0 || invalid.has(name)) continue;
    const needing = activities.filter((a) => a.requiredParameters.includes(name)).map((a) => a.id);
    if (needing.length === 0) continue;
    const which = needing.length === 1 ? `activity ${needing[0]}` : `activities ${needing.join(', ')}`;
    const origin = fromPersona
      ? ` (default${needing.length === 1 ? ' activity' : 's'} of persona ${persona}; list Activities explicitly to leave ${needing.length === 1 ? 'it' : 'them'} out)`
      : '';
    issues.missing(name, `is required by ${which}${origin}: give a non-empty list`);
  }
  for (const name of PARAMETER_NAMES) {
    if (params[name].length === 0 || activities.some((a) => usesParameter(a, name))) continue;
    const users = ACTIVITIES.filter((a) => usesParameter(a, name)).map((a) => a.id);
    const defaults = activities.map((a) => a.id).join(', ');
    const fix = fromPersona
      ? `, ${users.length === 1 ? 'which is not a default' : 'none of which is a default'} of persona ${persona}: list Activities explicitly with the defaults (${defaults}) plus ${users.length === 1 ? users[0] : `one of ${users.join(', ')}`}, or remove ${name}`
      : '';
    issues.add(
      name,
      params[name],
      `is used by no selected activity, so it would grant nothing; it is used by ${users.join(', ') || 'no activity'}${fix}`,
    );
  }
}

const ROLE_NAME_SUFFIX = new RegExp(`^[A-Za-z0-9+=,.@_-]{1,${MAX_ROLE_NAME_SUFFIX}}$`);
const IAM_PATH = /^\/(?:[A-Za-z0-9+=,.@_-]+\/)*$/;
// IAM's allowed description characters: tab, newline, carriage return, printable ASCII and Latin-1.
const DESCRIPTION = /^[\t\n\r\u0020-\u007e\u00a1-\u00ff]*$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const S3_PREFIX_SEGMENT = /^[A-Za-z0-9!_.()-]+$/;
const SECRETS_PREFIX_SEGMENT = /^[A-Za-z0-9_+=.@-]+$/;

function readOptionalText(issues: IssueCollector, raw: Record<string, unknown>, prop: string): string | undefined {
  const value = raw[prop];
  if (value === undefined) return undefined;
  const text = scalarText(value);
  if (text === undefined) issues.add(prop, value, 'must be a string');
  return text;
}

function readRoleNameSuffix(issues: IssueCollector, raw: Record<string, unknown>): string | undefined {
  const suffix = readOptionalText(issues, raw, Prop.RoleNameSuffix);
  if (suffix === undefined) return undefined;
  const arnName = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(suffix)?.[1];
  if (arnName !== undefined) {
    const hint = arnName.startsWith(ROLE_NAME_PREFIX) ? `give ${arnName.slice(ROLE_NAME_PREFIX.length)}` : `the role will be named ${ROLE_NAME_PREFIX}<suffix>`;
    issues.add(Prop.RoleNameSuffix, suffix, `is a role ARN; RoleNameSuffix is the part of the role name after ${ROLE_NAME_PREFIX}: ${hint}`);
    return undefined;
  }
  const problem =
    forbiddenCharacters(suffix) ??
    (ROLE_NAME_SUFFIX.test(suffix)
      ? undefined
      : `must be 1-${MAX_ROLE_NAME_SUFFIX} of A-Z a-z 0-9 + = , . @ _ - (the role name ${ROLE_NAME_PREFIX}<suffix> is at most 64 characters)`);
  if (problem) issues.add(Prop.RoleNameSuffix, suffix, problem);
  return problem ? undefined : suffix;
}

function readPath(issues: IssueCollector, raw: Record<string, unknown>): string {
  const path = readOptionalText(issues, raw, Prop.Path);
  if (path === undefined) return DEFAULT_PATH;
  const problem =
    forbiddenCharacters(path) ??
    (path.length <= 512 && IAM_PATH.test(path)
      ? undefined
      : 'must be an IAM path: "/" or "/a/b/" (starts and ends with "/", segments of A-Z a-z 0-9 + = , . @ _ -, at most 512 characters)');
  if (problem) issues.add(Prop.Path, path, problem);
  return path;
}

function readDescription(issues: IssueCollector, raw: Record<string, unknown>, persona: PersonaId | undefined): string {
  const text = readOptionalText(issues, raw, Prop.Description);
  if (text === undefined) return defaultDescription(persona ?? 'Custom');
  if (text.length > 1000) issues.add(Prop.Description, text, `is ${text.length} characters; IAM allows at most 1000`);
  else if (!DESCRIPTION.test(text)) {
    issues.add(Prop.Description, text, 'may contain only printable ASCII, Latin-1 letters, tabs and newlines (IAM rule)');
  }
  return text;
}

function readMaxSessionDuration(issues: IssueCollector, raw: Record<string, unknown>): number {
  const value = raw[Prop.MaxSessionDuration];
  if (value === undefined) return DEFAULT_MAX_SESSION_DURATION;
  const text = scalarText(value);
  const seconds = text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= MIN_MAX_SESSION_DURATION && seconds <= MAX_MAX_SESSION_DURATION)) {
    issues.add(
      Prop.MaxSessionDuration,
      value,
      `must be a whole number of seconds from ${MIN_MAX_SESSION_DURATION} (1 hour) to ${MAX_MAX_SESSION_DURATION} (12 hours)`,
    );
    return DEFAULT_MAX_SESSION_DURATION;
  }
  return seconds;
}

function readPermissionsBoundary(issues: IssueCollector, raw: Record<string, unknown>): string | undefined {
  const arn = readOptionalText(issues, raw, Prop.PermissionsBoundary);
  if (arn === undefined || arn === '') return undefined;
  const problem = validatePolicyArn(arn);
  if (problem) issues.add(Prop.PermissionsBoundary, arn, problem);
  return arn;
}

function readTags(issues: IssueCollector, raw: Record<string, unknown>): Tag[] {
  const value = raw[Prop.Tags];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(Prop.Tags, value, 'must be a list of { Key, Value }');
    return [];
  }
  if (value.length > MAX_USER_TAGS) {
    issues.add(Prop.Tags, `${value.length} tags`, `at most ${MAX_USER_TAGS} tags are allowed (IAM's 50 minus 2 ownership tags)`);
  }
  const reserved = Object.values(OwnershipTag).map((k) => k.toLowerCase());
  const seen = new Map<string, number>();
  const tags: Tag[] = [];
  value.forEach((item, i) => {
    const path = `${Prop.Tags}[${i}]`;
    if (!isRecord(item)) {
      issues.add(path, item, 'must be an object { Key, Value }');
      return;
    }
    const extra = Object.keys(item).filter((k) => k !== 'Key' && k !== 'Value');
    if (extra.length > 0) issues.add(path, extra.join(', '), 'a tag has only Key and Value');
    const key = scalarText(item.Key);
    const tagValue = item.Value === undefined ? '' : scalarText(item.Value);
    if (key === undefined || key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      issues.add(`${path}.Key`, item.Key, 'must be 1-128 letters, digits, spaces and _ . : / = + - @');
      return;
    }
    if (key.toLowerCase().startsWith('aws:')) {
      issues.add(`${path}.Key`, key, 'must not start with "aws:" (reserved by AWS)');
      return;
    }
    if (reserved.includes(key.toLowerCase())) {
      issues.add(`${path}.Key`, key, 'is an ownership tag key the provider sets itself; choose another key');
      return;
    }
    if (key.toLowerCase() === USER_ROLE_TAG) {
      // On any role: a shared isolated role lets each user pass the roles tagged for them, so a
      // user-set tag could hand any role of the account to the user it names.
      issues.add(
        `${path}.Key`,
        key,
        `is set by the engine only, on a role with UserIsolation.UserProfileName (value <DomainId>/<user>): isolated shared roles let each user pass the roles tagged for them, so it is never taken from Tags; give UserIsolation { DomainId, UserProfileName } to make a role one user's own, or choose another key`,
      );
      return;
    }
    const first = seen.get(key.toLowerCase());
    if (first !== undefined) {
      issues.add(`${path}.Key`, key, `is already used by ${Prop.Tags}[${first}] (IAM tag keys are case-insensitive)`);
      return;
    }
    if (tagValue === undefined || tagValue.length > 256 || !TAG_TEXT.test(tagValue)) {
      issues.add(`${path}.Value`, item.Value, 'must be 0-256 letters, digits, spaces and _ . : / = + - @');
      return;
    }
    seen.set(key.toLowerCase(), i);
    tags.push({ Key: key, Value: tagValue });
  });
  return tags.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

function readPrefix(
  issues: IssueCollector,
  path: string,
  value: unknown,
  segment: RegExp,
  allowedChars: string,
): string | undefined {
  if (value === undefined) return undefined;
  const text = scalarText(value);
  if (text === undefined) {
    issues.add(path, value, 'must be a string');
    return undefined;
  }
  const segments = text.split('/');
  const problem =
    forbiddenCharacters(text) ??
    (text.length === 0 || text.length > 256
      ? 'must be 1-256 characters'
      : text.startsWith('/') || text.endsWith('/')
        ? 'must not start or end with "/"'
        : segments.some((s) => s === '' || s === '.' || s === '..' || !segment.test(s))
          ? `must be "/"-separated segments of ${allowedChars} (no empty, "." or ".." segments)`
          : undefined);
  if (problem) {
    issues.add(path, text, problem);
    return undefined;
  }
  return text;
}

/** SageMaker's user profile name pattern (CreateUserProfile): letters, digits and single or repeated hyphens inside. */
const USER_PROFILE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** SageMaker's domain id pattern (API reference, e.g. CreateUserProfile.DomainId): `d-` and lowercase letters, digits, hyphens; at most 63. */
const DOMAIN_ID = /^d-(-*[a-z0-9]){1,61}$/;
const MAX_DOMAIN_ID = 63;

function readUserProfileName(issues: IssueCollector, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const path = `${Prop.UserIsolation}.${UserIsolationProp.UserProfileName}`;
  if (typeof value !== 'string' || !USER_PROFILE_NAME.test(value)) {
    issues.add(path, value, 'must be a SageMaker user profile name: 1-63 letters, digits and hyphens, starting and ending with a letter or digit');
    return undefined;
  }
  return value;
}

/**
 * Why UserIsolation needs the domain: the user's S3 prefix and secrets are
 * keyed by the session's source identity, the user profile name, which is
 * unique only within one domain, and S3 and Secrets Manager requests carry no
 * domain key. Without the domain id in the prefix, a profile of the same name
 * in another domain would share them.
 */
export const DOMAIN_ID_REQUIRED =
  'is required with UserIsolation: a user profile name is unique only within one SageMaker domain, and S3 and Secrets Manager ' +
  'requests carry only that name (aws:SourceIdentity), so a profile of the same name in another domain would share the user\'s ' +
  'prefix and secrets; give the id of the one domain whose users share this role (e.g. !GetAtt Domain.DomainId, "d-xxxxxxxxxxxx"): ' +
  'prefixes become <S3Prefix>/<DomainId>/<user>/ and <SecretsPrefix>/<DomainId>/<user>/, and SageMaker grants hold only for requests from that domain';

function readDomainId(issues: IssueCollector, value: unknown): string | undefined {
  const path = `${Prop.UserIsolation}.${UserIsolationProp.DomainId}`;
  if (value === undefined) {
    issues.missing(path, DOMAIN_ID_REQUIRED);
    return undefined;
  }
  const problem =
    typeof value !== 'string'
      ? 'must be a string'
      : (forbiddenCharacters(value) ??
        (value.length <= MAX_DOMAIN_ID && DOMAIN_ID.test(value)
          ? undefined
          : `must be a SageMaker domain id: "d-" followed by lowercase letters, digits and hyphens, at most ${MAX_DOMAIN_ID} characters (e.g. d-abcdef123456)`));
  if (problem) {
    issues.add(path, value, problem);
    return undefined;
  }
  return value as string;
}

function readUserIsolation(issues: IssueCollector, raw: Record<string, unknown>): UserIsolationSettings | undefined {
  const value = raw[Prop.UserIsolation];
  if (value === undefined) return undefined;
  const shape = `{ ${UserIsolationProp.DomainId}, ${UserIsolationProp.S3Prefix}?, ${UserIsolationProp.SecretsPrefix}?, ${UserIsolationProp.UserProfileName}? }`;
  if (!isRecord(value)) {
    issues.add(Prop.UserIsolation, value, `must be an object ${shape}`);
    return undefined;
  }
  const known: readonly string[] = Object.values(UserIsolationProp);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      issues.add(`${Prop.UserIsolation}.${key}`, value[key], `is not a known key; allowed: ${known.join(', ')}${didYouMean(key, known)}`);
    }
  }
  const domainId = readDomainId(issues, value[UserIsolationProp.DomainId]);
  const s3Prefix = readPrefix(
    issues,
    `${Prop.UserIsolation}.${UserIsolationProp.S3Prefix}`,
    value[UserIsolationProp.S3Prefix],
    S3_PREFIX_SEGMENT,
    'A-Z a-z 0-9 ! _ . ( ) -',
  );
  const secretsPrefix = readPrefix(
    issues,
    `${Prop.UserIsolation}.${UserIsolationProp.SecretsPrefix}`,
    value[UserIsolationProp.SecretsPrefix],
    SECRETS_PREFIX_SEGMENT,
    'A-Z a-z 0-9 _ + = . @ -',
  );
  const userProfileName = readUserProfileName(issues, value[UserIsolationProp.UserProfileName]);
  return {
    // Without a valid domain id the issue is recorded and parseProperties raises before anything renders.
    domainId: domainId ?? '',
    ...(s3Prefix !== undefined ? { s3Prefix } : {}),
    ...(secretsPrefix !== undefined ? { secretsPrefix } : {}),
    ...(userProfileName !== undefined ? { userProfileName } : {}),
  };
}

/** VPC or KMS properties with no selected activity they apply to would silently do nothing: refuse them. */
function checkCustomizationApplies(
  issues: IssueCollector,
  raw: Record<string, unknown>,
  activities: readonly ActivityDefinition[],
  props: readonly string[],
  flag: 'vpc' | 'kms',
): void {
  if (activities.some((a) => a[flag])) return;
  const users = ACTIVITIES.filter((a) => a[flag]).map((a) => a.id);
  for (const prop of props.filter((p) => isNonEmptyList(raw[p]))) {
    issues.add(prop, raw[prop], `applies to no selected activity, so it would have no effect; it applies to ${users.join(', ')}`);
  }
}

/**
 * UserIsolation.S3Prefix only limits the S3 grants of s3Isolation activities;
 * with none selected it would silently isolate nothing: refuse it. UserIsolation
 * itself (SageMaker resource ABAC) and SecretsPrefix apply to any role.
 */
function checkS3PrefixApplies(
  issues: IssueCollector,
  activities: readonly ActivityDefinition[],
  userIsolation: UserIsolationSettings | undefined,
): void {
  if (userIsolation?.s3Prefix === undefined || activities.some((a) => a.s3Isolation)) return;
  const users = ACTIVITIES.filter((a) => a.s3Isolation).map((a) => a.id);
  issues.add(
    `${Prop.UserIsolation}.${UserIsolationProp.S3Prefix}`,
    userIsolation.s3Prefix,
    `applies to no selected activity, so it would have no effect; it applies to ${users.join(', ')} (without them, omit ${UserIsolationProp.S3Prefix}: UserIsolation still isolates SageMaker resources)`,
  );
}

/** The selected activities in catalog order, or undefined when they cannot be known (issues recorded). */
function resolveActivities(
  issues: IssueCollector,
  persona: PersonaId | undefined,
  explicit: ActivityDefinition[] | 'invalid' | undefined,
): ActivityDefinition[] | undefined {
  if (persona === 'Custom' && explicit === undefined) {
    issues.missing(Prop.Activities, 'is required with persona Custom: list the activities the role needs');
    return undefined;
  }
  if (explicit === 'invalid') return undefined;
  if (explicit !== undefined) return inCatalogOrder(explicit);
  if (persona === undefined) return undefined;
  const defaults = (findPersona(persona)?.defaultActivities ?? []).map((id) => findActivity(id));
  return inCatalogOrder(defaults.filter((a) => a !== undefined));
}

/**
 * Validate and normalize the resource properties. Throws one ValidationError
 * listing every issue (path, bad value, what is allowed).
 */
export function parseProperties(raw: unknown): RoleProperties {
  const issues = new IssueCollector();
  if (!isRecord(raw)) {
    issues.add('Properties', raw, `must be an object with at least ${Prop.Persona}`);
    return issues.raise();
  }
  for (const key of Object.keys(raw)) {
    if (!KNOWN_PROPS.includes(key)) {
      const allowed = KNOWN_PROPS.filter((p) => !CLOUDFORMATION_PROPS.includes(p));
      issues.add(key, raw[key], `is not a property of ${RESOURCE_TYPE}${didYouMean(key, allowed) || `; allowed: ${allowed.join(', ')}`}`);
    }
  }

  const persona = readPersona(issues, raw);
  const explicit = readActivities(issues, raw);
  const fromPersona = explicit === undefined;
  const selected = resolveActivities(issues, persona, explicit);

  const invalidParams = new Set<ParameterName>();
  const params = {} as Record<ParameterName, string[]>;
  for (const name of PARAMETER_NAMES) {
    const list = readValidatedList(issues, raw, name);
    if (list === undefined) invalidParams.add(name);
    params[name] = list ?? [];
  }

  const subnetIds = readValidatedList(issues, raw, 'VpcSubnetIds') ?? [];
  const securityGroupIds = readValidatedList(issues, raw, 'VpcSecurityGroupIds') ?? [];
  const dataKeyArns = readValidatedList(issues, raw, 'DataKmsKeyArns') ?? [];
  const volumeKeyArns = readValidatedList(issues, raw, 'VolumeKmsKeyArns') ?? [];
  const managedPolicyArns = readValidatedList(issues, raw, 'ManagedPolicyArns') ?? [];
  const regions = readRegions(issues, raw);

  if (selected !== undefined && persona !== undefined) {
    checkParameterUse(issues, persona, fromPersona, selected, params, invalidParams);
    checkCustomizationApplies(issues, raw, selected, [Prop.VpcSubnetIds, Prop.VpcSecurityGroupIds], 'vpc');
    checkCustomizationApplies(issues, raw, selected, [Prop.DataKmsKeyArns, Prop.VolumeKmsKeyArns], 'kms');
  }

  const roleNameSuffix = readRoleNameSuffix(issues, raw);
  const path = readPath(issues, raw);
  const description = readDescription(issues, raw, persona);
  const maxSessionDuration = readMaxSessionDuration(issues, raw);
  const permissionsBoundary = readPermissionsBoundary(issues, raw);
  const tags = readTags(issues, raw);
  const userIsolation = readUserIsolation(issues, raw);
  if (selected !== undefined && persona !== undefined) {
    checkS3PrefixApplies(issues, selected, userIsolation);
    for (const issue of isolationIssues(selected, userIsolation, fromPersona ? persona : undefined, tags)) {
      if (issue.value === undefined) issues.missing(issue.path, issue.message);
      else issues.add(issue.path, issue.value, issue.message);
    }
  }

  if (issues.count > 0 || persona === undefined || selected === undefined) return issues.raise();

  return {
    persona,
    activities: selected.map((a) => a.id),
    activitiesFromPersona: fromPersona,
    ...(roleNameSuffix !== undefined ? { roleNameSuffix } : {}),
    path,
    description,
    maxSessionDuration,
    params,
    ...(subnetIds.length > 0 || securityGroupIds.length > 0 ? { vpc: { subnetIds, securityGroupIds } } : {}),
    ...(dataKeyArns.length > 0 || volumeKeyArns.length > 0 ? { kms: { dataKeyArns, volumeKeyArns } } : {}),
    ...(userIsolation !== undefined ? { userIsolation } : {}),
    managedPolicyArns,
    ...(permissionsBoundary !== undefined ? { permissionsBoundary } : {}),
    tags,
    ...(regions !== undefined ? { regions } : {}),
  };
}
