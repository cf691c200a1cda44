// Create: the role with its tags in one call, then its policies and
// attachments concurrently. All or nothing: a journal of what this event set
// out to create is undone on failure.
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, type Role } from '@aws-sdk/client-iam';
import type { RolePlan } from '../../src/policy-engine/types';
import { IAM_CONCURRENCY, mapLimit } from '../concurrency';
import type { Deadline } from '../deadline';
import { httpStatusOf, OwnershipError } from '../errors';
import { isOwnedBy } from '../ownership';
import { desiredTags, documentJson } from '../reconciler';
import type { Consistency } from '../retry';
import { deleteRole } from './delete';
import { createOwnedPolicy, deleteOwnedPolicy } from './policies';
import { getOwnedPolicy, getRole } from './read';
import { call, type IamSession, isAlreadyExists, ownedPolicyArn } from './session';
import { settleAll } from './update';

/**
 * What this event set out to create, recorded BEFORE each call: a call whose
 * response is lost may still have been applied, so undo works from intents,
 * not from answers. Undo removes the role and our policies under these names
 * when they carry our ownership tags.
 */
export interface Journal {
  role?: string;
  policies: string[];
  /** Intents IAM definitely refused (an error answer, not a lost one): nothing to wait for when undoing them. */
  refused: string[];
}

export function emptyJournal(): Journal {
  return { policies: [], refused: [] };
}

/** IAM answered with a client error: the call was not applied (a lost response or a 5xx may have been). */
function definitelyRefused(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status !== undefined && status >= 400 && status < 500 && !isAlreadyExists(err);
}

export type CreateResult = { kind: 'created'; role: Role } | { kind: 'exists-owned'; role: Role };

/**
 * Creates the role and everything in the plan. If a role of that name already
 * exists with our ownership tags (another delivery of this event, or our own
 * CreateRole whose response was lost), returns it for the caller to
 * reconcile; without them, refuses.
 */
export async function createRole(s: IamSession, plan: RolePlan, journal: Journal, deadline: Deadline): Promise<CreateResult> {
  const RoleName = plan.roleName;
  deadline.enter(`creating role ${RoleName}`);
  let role: Role | undefined;
  journal.role = RoleName;
  // Attempts of this CreateRole: EntityAlreadyExists on the first means the role predates this invocation.
  let attempts = 0;
  try {
    const res = await call(
      s,
      () => {
        attempts++;
        return s.client.send(
          new CreateRoleCommand({
            RoleName,
            Path: plan.path,
            AssumeRolePolicyDocument: documentJson(plan.trustPolicy),
            Description: plan.description,
            MaxSessionDuration: plan.maxSessionDuration,
            PermissionsBoundary: plan.permissionsBoundary,
            Tags: desiredTags(plan, s.owner),
          }),
        );
      },
      { consistency: 'fresh-trust' },
    );
    role = res.Role;
  } catch (err) {
    if (!isAlreadyExists(err)) {
      if (definitelyRefused(err)) journal.role = undefined;
      throw err;
    }
    // EntityAlreadyExists proves the role exists: NoSuchEntity on reading it is lag (bounded retry).
    const existing = await getRole(s, RoleName, { consistency: 'fresh-role' });
    if (existing && isOwnedBy(existing.Tags, s.owner)) {
      // Another delivery's (or an earlier event's) role is not this invocation's to undo: a late duplicate that
      // fails must not empty the role an earlier delivery answered SUCCESS for. Only when an earlier attempt of
      // this call may have been applied (its response lost) can the role be ours.
      if (attempts === 1) journal.role = undefined;
      return { kind: 'exists-owned', role: existing };
    }
    // Not ours: it must not be undone.
    journal.role = undefined;
    journal.policies.length = 0;
    throw new OwnershipError(
      `role ${RoleName} already exists and was not created by this resource (it lacks the ownership tags of stack and logical id ${s.owner.logicalId}); refusing to adopt it. Choose another RoleNameSuffix or delete the existing role.`,
    );
  }

  deadline.enter(`writing policies of role ${RoleName}`);
  const ownedArns: string[] = [];
  // Everything here only needs the role, so it goes out in one concurrent round.
  await settleAll([
    mapLimit(plan.inlinePolicies, IAM_CONCURRENCY, (p) =>
      call(
        s,
        () => s.client.send(new PutRolePolicyCommand({ RoleName, PolicyName: p.name, PolicyDocument: documentJson(p.document) })),
        { consistency: 'fresh-role' },
      ),
    ),
    mapLimit(plan.managedPolicies, IAM_CONCURRENCY, async (p) => {
      const res = await createJournaled(s, journal, p.name, documentJson(p.document));
      ownedArns.push(res.arn);
    }),
    mapLimit(plan.managedPolicyArns, IAM_CONCURRENCY, (arn) => attach(s, RoleName, arn, 'fresh-role')),
  ]);
  deadline.enter(`attaching managed policies to role ${RoleName}`);
  // Both the role and these policies are fresh: either may not be visible yet.
  await mapLimit(ownedArns, IAM_CONCURRENCY, (arn) => attach(s, RoleName, arn, 'fresh-policy'));
  return { kind: 'created', role: role ?? { RoleName, Path: plan.path, RoleId: '', Arn: '', CreateDate: new Date() } };
}

/**
 * CreatePolicy with its intent in the journal first (a lost response may have
 * been applied); a policy that already existed before this invocation's first
 * attempt leaves the journal again: it is not this invocation's to undo.
 */
export async function createJournaled(s: IamSession, journal: Pick<Journal, 'policies' | 'refused'>, name: string, json: string) {
  journal.policies.push(name);
  const res = await createOwnedPolicy(s, name, json).catch((err: unknown) => {
    if (definitelyRefused(err)) journal.refused.push(name);
    throw err;
  });
  if (res.preexisting) journal.policies.splice(journal.policies.indexOf(name), 1);
  return res;
}

/**
 * The policies this event created for a role it did not create (another
 * delivery's): removed with their attachment to that role, ours by tags.
 */
async function undoPolicies(s: IamSession, journal: Journal, deadline: Deadline, roleName: string): Promise<boolean> {
  const names = journal.policies.filter((name) => !journal.refused.includes(name));
  if (!names.length) return true;
  try {
    deadline.enter(`undoing the managed policies created for role ${roleName}`);
    const opts = { phase: 'undo' as const };
    await mapLimit(names, IAM_CONCURRENCY, async (name) => {
      const policy = await getOwnedPolicy(s, ownedPolicyArn(s, name), { ...opts, consistency: 'fresh-policy' });
      if (!policy || policy === 'foreign') return;
      await deleteOwnedPolicy(s, policy.arn, { ...opts, detachFrom: roleName });
    });
    return true;
  } catch {
    return false;
  }
}

async function attach(s: IamSession, RoleName: string, PolicyArn: string, consistency: Consistency): Promise<void> {
  await call(s, () => s.client.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })), { consistency });
}

/**
 * Removes what the journal says this event set out to create (our tags
 * decide), in the undo phase of the deadline. Returns true when nothing of it
 * is left.
 */
export async function undoCreate(s: IamSession, journal: Journal, deadline: Deadline, roleName?: string): Promise<boolean> {
  if (!journal.role) return roleName === undefined || undoPolicies(s, journal, deadline, roleName);
  try {
    deadline.enter(`undoing the creation of role ${journal.role}`);
    const result = await deleteRole(s, journal.role, journal.policies, deadline, {
      phase: 'undo',
      fresh: true,
      freshPolicies: journal.policies.filter((name) => !journal.refused.includes(name)),
    });
    return result !== 'foreign';
  } catch {
    return false;
  }
}
