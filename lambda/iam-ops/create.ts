// Create: the role with its tags in one call, then its policies and
// attachments concurrently. All or nothing: a journal of what THIS call created
// is undone on failure.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  type Role,
} from '@aws-sdk/client-iam';
import type { RolePlan } from '../../src/policy-engine/types';
import { IAM_CONCURRENCY, mapLimit } from '../concurrency';
import type { Deadline } from '../deadline';
import { OwnershipError } from '../errors';
import { isOwnedBy } from '../ownership';
import { desiredTags, documentJson } from '../reconciler';
import { createOwnedPolicy, deleteOwnedPolicy, ignoreMissing } from './policies';
import { getRole } from './read';
import { call, type IamSession, isAlreadyExists } from './session';
import { settleAll } from './update';

/** What this event created, in creation order, so undo can reverse exactly that. */
export interface Journal {
  role?: string;
  inline: string[];
  policies: string[];
  attached: string[];
}

export function emptyJournal(): Journal {
  return { inline: [], policies: [], attached: [] };
}

export type CreateResult = { kind: 'created'; role: Role } | { kind: 'exists-owned'; role: Role };

/**
 * Creates the role and everything in the plan. If a role of that name already
 * exists with our ownership tags (duplicate delivery, rollback of a
 * replacement), returns it for the caller to reconcile; without them, refuses.
 */
export async function createRole(s: IamSession, plan: RolePlan, journal: Journal, deadline: Deadline): Promise<CreateResult> {
  const RoleName = plan.roleName;
  deadline.enter(`creating role ${RoleName}`);
  let role: Role | undefined;
  try {
    const res = await call(
      s,
      () =>
        s.client.send(
          new CreateRoleCommand({
            RoleName,
            Path: plan.path,
            AssumeRolePolicyDocument: documentJson(plan.trustPolicy),
            Description: plan.description,
            MaxSessionDuration: plan.maxSessionDuration,
            PermissionsBoundary: plan.permissionsBoundary,
            Tags: desiredTags(plan, s.owner),
          }),
        ),
      { consistency: 'fresh-trust' },
    );
    role = res.Role;
    journal.role = RoleName;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await getRole(s, RoleName);
    if (existing && isOwnedBy(existing.Tags, s.owner)) return { kind: 'exists-owned', role: existing };
    throw new OwnershipError(
      `role ${RoleName} already exists and was not created by this resource (it lacks the ownership tags of stack and logical id ${s.owner.logicalId}); refusing to adopt it. Choose another RoleNameSuffix or delete the existing role.`,
    );
  }

  deadline.enter(`writing policies of role ${RoleName}`);
  const ownedArns: string[] = [];
  // Everything here only needs the role, so it goes out in one concurrent round.
  await settleAll([
    mapLimit(plan.inlinePolicies, IAM_CONCURRENCY, async (p) => {
      await call(
        s,
        () => s.client.send(new PutRolePolicyCommand({ RoleName, PolicyName: p.name, PolicyDocument: documentJson(p.document) })),
        { consistency: 'fresh-role' },
      );
      journal.inline.push(p.name);
    }),
    mapLimit(plan.managedPolicies, IAM_CONCURRENCY, async (p) => {
      const res = await createOwnedPolicy(s, p.name, documentJson(p.document));
      if (res.created) journal.policies.push(res.arn);
      ownedArns.push(res.arn);
    }),
    mapLimit(plan.managedPolicyArns, IAM_CONCURRENCY, (arn) => attach(s, RoleName, arn, journal)),
  ]);
  deadline.enter(`attaching managed policies to role ${RoleName}`);
  await mapLimit(ownedArns, IAM_CONCURRENCY, (arn) => attach(s, RoleName, arn, journal));
  return { kind: 'created', role: role ?? { RoleName, Path: plan.path, RoleId: '', Arn: '', CreateDate: new Date() } };
}

async function attach(s: IamSession, RoleName: string, PolicyArn: string, journal: Journal): Promise<void> {
  await call(s, () => s.client.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })), { consistency: 'fresh-role' });
  journal.attached.push(PolicyArn);
}

/** Reverses the journal. Returns true when everything this event created is gone. Runs in the undo phase of the deadline. */
export async function undoCreate(s: IamSession, journal: Journal, deadline: Deadline): Promise<boolean> {
  const opts = { phase: 'undo' as const, consistency: 'fresh-role' as const };
  try {
    if (journal.role) {
      const RoleName = journal.role;
      deadline.enter(`undoing the creation of role ${RoleName}`);
      await settleAll([
        mapLimit(journal.attached, IAM_CONCURRENCY, (PolicyArn) =>
          call(s, () => s.client.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })), opts).catch(ignoreMissing),
        ),
        mapLimit(journal.inline, IAM_CONCURRENCY, (PolicyName) =>
          call(s, () => s.client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })), opts).catch(ignoreMissing),
        ),
      ]);
    }
    await mapLimit(journal.policies, IAM_CONCURRENCY, (arn) => deleteOwnedPolicy(s, arn, { phase: 'undo' }));
    if (journal.role) {
      const RoleName = journal.role;
      await call(s, () => s.client.send(new DeleteRoleCommand({ RoleName })), opts).catch(ignoreMissing);
    }
    return true;
  } catch {
    return false;
  }
}
