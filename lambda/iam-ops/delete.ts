// Delete: only a role carrying our ownership tags, with everything on it, and
// the managed policies we own for it (found by listing, attached or not).
// NoSuchEntity at any step means someone (or another delivery) already did it.
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListInstanceProfilesForRoleCommand,
  RemoveRoleFromInstanceProfileCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { IAM_CONCURRENCY, mapLimit } from '../concurrency';
import type { Deadline } from '../deadline';
import { isOwnedBy } from '../ownership';
import { deleteOwnedPolicy, ignoreMissing } from './policies';
import { findOwnedPolicies, getRole, listAttachedArns, listInlineNames } from './read';
import { call, type CallOptions, type IamSession, isDeleteConflict, isNoSuchEntity, paginate } from './session';
import { settleAll } from './update';

export type DeleteResult = 'deleted' | 'missing' | 'foreign';

export interface DeleteOptions {
  /** 'undo' runs in the undo margin of the deadline. */
  phase?: 'forward' | 'undo';
  /** This invocation just created the role: a NoSuchEntity on reading it may be lag (bounded retry). */
  fresh?: boolean;
  /** Re-check a missing role a few times: a Create running concurrently may not be visible yet. */
  recheckMissing?: boolean;
  /** Names of policies this invocation just sent CreatePolicy for: NoSuchEntity on reading them may be lag. */
  freshPolicies?: readonly string[];
}

/** Re-checks of a missing role: a Create running concurrently may not be visible yet. */
const MISSING_RECHECK_MS = [1_000, 2_000];
/** DeleteRole refused with DeleteConflict (something attached meanwhile): empty the role again, this many times. */
const DELETE_CONFLICT_ATTEMPTS = 3;

export async function deleteRole(
  s: IamSession,
  roleName: string,
  plannedPolicyNames: readonly string[],
  deadline: Deadline,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  const phase = options.phase ?? 'forward';
  const opts: CallOptions = { phase };
  deadline.enter(`reading role ${roleName}`);
  let role: Role | undefined = await getRole(s, roleName, { phase, consistency: options.fresh ? 'fresh-role' : 'none' });
  if (options.recheckMissing) {
    for (const wait of MISSING_RECHECK_MS) {
      if (role || wait >= deadline.remaining(phase)) break;
      await s.retry.clock.sleep(wait);
      role = await getRole(s, roleName, opts);
    }
  }
  if (role && !isOwnedBy(role.Tags, s.owner)) return 'foreign';

  const RoleName = roleName;
  const empty = async (): Promise<string[]> => {
    deadline.enter(`emptying role ${roleName}`);
    const [attached, inline, profiles] = await Promise.all([
      listAttachedArns(s, RoleName, opts).catch(emptyIfMissing),
      listInlineNames(s, RoleName, opts).catch(emptyIfMissing),
      paginate(async (marker) => {
        const res = await call(s, () => s.client.send(new ListInstanceProfilesForRoleCommand({ RoleName, Marker: marker })), opts);
        return { items: (res.InstanceProfiles ?? []).map((p) => p.InstanceProfileName ?? ''), marker: res.Marker, truncated: res.IsTruncated };
      }).catch(emptyIfMissing),
    ]);
    await settleAll([
      mapLimit(attached, IAM_CONCURRENCY, (PolicyArn) =>
        call(s, () => s.client.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })), opts).catch(ignoreMissing),
      ),
      mapLimit(inline, IAM_CONCURRENCY, (PolicyName) =>
        call(s, () => s.client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })), opts).catch(ignoreMissing),
      ),
      mapLimit(profiles, IAM_CONCURRENCY, (InstanceProfileName) =>
        call(s, () => s.client.send(new RemoveRoleFromInstanceProfileCommand({ RoleName, InstanceProfileName })), opts).catch(ignoreMissing),
      ),
    ]);
    return attached;
  };

  const attached = role ? await empty() : [];
  // Our policies of this role, whether attached, planned, or left unattached by an interrupted event.
  // They go even when the role is already gone: a Delete running after a half-done Create or Update must leave nothing.
  deadline.enter(`deleting managed policies of role ${roleName}`);
  const owned = await findOwnedPolicies(s, roleName, attached, plannedPolicyNames, options.freshPolicies);
  await mapLimit([...owned.values()], IAM_CONCURRENCY, (p) =>
    deleteOwnedPolicy(s, p.arn, { ...opts, detachFrom: RoleName }),
  );
  if (!role) return 'missing';

  deadline.enter(`deleting role ${roleName}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await call(s, () => s.client.send(new DeleteRoleCommand({ RoleName })), opts);
      return 'deleted';
    } catch (err) {
      if (isNoSuchEntity(err)) return 'deleted';
      if (!isDeleteConflict(err) || attempt >= DELETE_CONFLICT_ATTEMPTS) throw err;
      await empty();
      deadline.enter(`deleting role ${roleName}`);
    }
  }
}

function emptyIfMissing(err: unknown): string[] {
  if (isNoSuchEntity(err)) return [];
  throw err;
}
