// ABAC in a shared role (see the user-level access control article): the
// identity comes from the session's source identity, which SageMaker Studio
// sets to the user profile name, and from the Studio context keys
// sagemaker:DomainId / sagemaker:UserProfileName. The policy variables are
// written here only, never taken from user input.
//
// A profile name is unique only within its domain, so the role names its one
// domain (UserIsolation.DomainId): per-user S3 prefixes, secrets and the
// own-role tag are `<domain id>/<user>`, and SageMaker owner checks name that
// domain and require requests to come from it (sagemaker:DomainId).
//
// What each isolation class renders to (catalog/model.ts IsolationClasses):
// - owner-checked: `sagemaker:ResourceTag/sagemaker:user-profile-arn` (or, for
//   Studio apps and spaces, `sagemaker:OwnerUserProfileArn`) equals the
//   caller's own profile ARN, or the resource itself is per-user (the caller's
//   own profile, an S3 prefix or secret under the caller's source identity);
// - created-as-owner: `aws:RequestTag/sagemaker:user-profile-arn` equals the
//   caller's profile, and `aws:TagKeys` allows only the tag keys Studio sets;
// - parent-checked: created-as-owner on the new resource, plus owner-checked
//   on the existing parent the create names (a separate statement);
// - shared: granted alike to every user, with the reason in the catalog;
// - withheld: not granted with UserIsolation (StatementSpec.withheldWhenIsolated).

import type { ArnBuilder } from './arn';
import { isRefusal, type ActivityContext, type ActivityDefinition, type StatementSpec, type UserIsolationContext } from './catalog/model';
import { MAX_USER_TAGS, type UserIsolationSettings } from './properties';
import { USER_ROLE_TAG } from './names';
import type { ConditionBlock, Tag } from './types';
import { combineConditions } from './conditions';
import { callerUserProfileArn, fromOwnDomain, userPath } from './catalog/shared';

/** The owner tag Studio puts on what it creates, and the key every ABAC check reads. */
export const USER_PROFILE_TAG = 'sagemaker:user-profile-arn';

/**
 * The only tag keys a user may set when creating a resource in an isolated
 * role: the ones Studio sets itself. IAM cannot say "any key except other
 * `sagemaker:` ones" in one condition (aws:TagKeys globs have no negation, and
 * the owner key is itself a `sagemaker:` key), so the list is exact: free tags
 * on user-created resources are not granted in a shared isolated role.
 */
export const CREATE_TAG_KEYS = [USER_PROFILE_TAG, 'sagemaker:domain-arn', 'sagemaker:space-arn'] as const;

/** UserIsolation settings as activities and conditions see them. */
export function isolationContext(isolation: UserIsolationSettings): UserIsolationContext {
  return {
    domainId: isolation.domainId,
    ...(isolation.userProfileName !== undefined ? { user: isolation.userProfileName } : {}),
    ...(isolation.s3Prefix !== undefined ? { s3Prefix: isolation.s3Prefix } : {}),
  };
}

/**
 * Conditions of a created-as-owner statement: the new resource is tagged as
 * the caller's, in the role's domain, with nothing forged; in a shared role the
 * request comes from that domain.
 */
export function createdAsOwnerConditions(arn: ArnBuilder, isolation: UserIsolationContext): ConditionBlock | undefined {
  return combineConditions(
    {
      StringEquals: { [`aws:RequestTag/${USER_PROFILE_TAG}`]: callerUserProfileArn(arn, isolation) },
      StringEqualsIfExists: { 'aws:RequestTag/sagemaker:domain-arn': arn.sagemaker(`domain/${isolation.domainId}`) },
      StringLikeIfExists: { 'aws:RequestTag/sagemaker:space-arn': arn.sagemaker(`space/${isolation.domainId}/*`) },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [...CREATE_TAG_KEYS] },
    },
    fromOwnDomain(isolation),
  );
}

/**
 * USER_ROLE_TAG (names.ts) marks a role of one user's own: an isolated shared
 * role passes only roles whose tag names the caller in the role's domain
 * (iam:ResourceTag, documented for iam:PassRole's role resource), so a user's
 * jobs run only as that user's compute role, never as a same-named user's of
 * another domain.
 */
export { USER_ROLE_TAG };

/** iam:PassRole only on the caller's own roles: tagged with their domain and profile name (or, in a per-user role, its user). */
export function ownRoleCondition(isolation: UserIsolationSettings): ConditionBlock {
  return { StringEquals: { [`iam:ResourceTag/${USER_ROLE_TAG}`]: userPath(isolationContext(isolation)) } };
}

/** The role's tags: the user's, plus the per-user role tag when the role is one user's own. */
export function roleTags(props: { tags: readonly Tag[]; userIsolation?: UserIsolationSettings }): Tag[] {
  const tags = props.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
  const isolation = props.userIsolation;
  if (isolation?.userProfileName !== undefined) tags.push({ Key: USER_ROLE_TAG, Value: userPath(isolationContext(isolation)) });
  return tags.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

/** The activity's statement specs as the role gets them: without the withheld ones when isolated. */
export function grantedSpecs(activity: ActivityDefinition, ctx: ActivityContext): StatementSpec[] {
  const specs = activity.statements(ctx);
  return ctx.userIsolation !== undefined ? specs.filter((spec) => spec.withheldWhenIsolated !== true) : specs;
}

/** Each user reads only the secrets under `<prefix>/<domain id>/<their source identity>/`. */
export function userSecretsStatements(isolation: UserIsolationSettings | undefined, arn: ArnBuilder): StatementSpec[] {
  if (!isolation?.secretsPrefix) return [];
  return [
    {
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [arn.regional('secretsmanager', `secret:${isolation.secretsPrefix}/${userPath(isolationContext(isolation))}/*`)],
    },
  ];
}

/** Trust policy actions: SetSourceIdentity lets Studio stamp each session with the user's identity. */
export function trustActions(isolation: UserIsolationSettings | undefined): string[] {
  return isolation ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : ['sts:AssumeRole'];
}

/** One reason the selected activities cannot hold UserIsolation, as a property issue. */
export interface IsolationIssue {
  path: string;
  value: unknown;
  message: string;
}

/**
 * Why these activities cannot be isolated per user in one shared role, if they
 * cannot: an activity the catalog refuses with UserIsolation, or S3 data access
 * without an S3Prefix (every user would share whole buckets). `persona` is set
 * when the activities are the persona's defaults, so the message can say so.
 */
export function isolationIssues(
  selected: readonly ActivityDefinition[],
  isolation: UserIsolationSettings | undefined,
  persona: string | undefined,
  tags: readonly Tag[] = [],
): IsolationIssue[] {
  if (!isolation) return [];
  const perUser = isolation.userProfileName !== undefined;
  const where = persona === undefined ? 'Activities' : 'Persona';
  const issues: IsolationIssue[] = [];
  for (const activity of selected) {
    const of = persona === undefined ? activity.id : `${persona} (default activity ${activity.id})`;
    if (isRefusal(activity.isolation) && !(perUser && activity.isolation.perUserRole)) {
      issues.push({
        path: where,
        value: of,
        message: `cannot be combined with UserIsolation: ${activity.isolation.refused}; instead: ${activity.isolation.instead}`,
      });
    } else if (activity.s3Isolation && isolation.s3Prefix === undefined) {
      issues.push({
        path: 'UserIsolation.S3Prefix',
        value: undefined,
        message: `is required with ${activity.id}: without it every user of the role reads and writes the whole buckets; give the per-user prefix root, e.g. "studio/users"`,
      });
    }
  }
  if (perUser && tags.length >= MAX_USER_TAGS) {
    issues.push({ path: 'Tags', value: `${tags.length} tags`, message: `at most ${MAX_USER_TAGS - 1} tags with UserIsolation.UserProfileName, which adds the ${USER_ROLE_TAG} tag` });
  }
  return issues;
}
