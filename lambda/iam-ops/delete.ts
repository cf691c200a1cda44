// Delete: only a role carrying our ownership tags, with everything on it.
// NoSuchEntity at any step means someone (or a previous delivery) already did it.
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
import { getOwnedPolicy, getRole, listAttachedArns, listInlineNames, mayBeOwnedPolicyArn } from './read';
import { call, type IamSession, ownedPolicyArn, paginate } from './session';
import { settleAll } from './update';

export type DeleteResult = 'deleted' | 'missing' | 'foreign';

/** Re-checks of a missing role: a Create running concurrently may not be visible yet. */
const MISSING_RECHECK_MS = [1_000, 2_000];

export async function deleteRole(
  s: IamSession,
  roleName: string,
  plannedPolicyNames: readonly string[],
  deadline: Deadline,
): Promise<DeleteResult> {
  deadline.enter(`reading role ${roleName}`);
  let role: Role | undefined = await getRole(s, roleName);
  for (const wait of MISSING_RECHECK_MS) {
    if (role || wait >= deadline.remaining()) break;
    await s.retry.clock.sleep(wait);
    role = await getRole(s, roleName);
  }
  if (!role) return 'missing';
  if (!isOwnedBy(role.Tags, s.owner)) return 'foreign';

  const RoleName = roleName;
  deadline.enter(`emptying role ${roleName}`);
  const [attached, inline, profiles] = await Promise.all([
    listAttachedArns(s, RoleName),
    listInlineNames(s, RoleName),
    paginate(async (marker) => {
      const res = await call(s, () => s.client.send(new ListInstanceProfilesForRoleCommand({ RoleName, Marker: marker })));
      return { items: (res.InstanceProfiles ?? []).map((p) => p.InstanceProfileName ?? ''), marker: res.Marker, truncated: res.IsTruncated };
    }),
  ]);
  await settleAll([
    mapLimit(attached, IAM_CONCURRENCY, (PolicyArn) =>
      call(s, () => s.client.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }))).catch(ignoreMissing),
    ),
    mapLimit(inline, IAM_CONCURRENCY, (PolicyName) =>
      call(s, () => s.client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }))).catch(ignoreMissing),
    ),
    mapLimit(profiles, IAM_CONCURRENCY, (InstanceProfileName) =>
      call(s, () => s.client.send(new RemoveRoleFromInstanceProfileCommand({ RoleName, InstanceProfileName }))).catch(ignoreMissing),
    ),
  ]);

  deadline.enter(`deleting managed policies of role ${roleName}`);
  const candidates = new Set(attached.filter((arn) => mayBeOwnedPolicyArn(s, arn)));
  for (const name of plannedPolicyNames) candidates.add(ownedPolicyArn(s, name));
  await mapLimit([...candidates], IAM_CONCURRENCY, async (arn) => {
    const policy = await getOwnedPolicy(s, arn);
    if (policy && policy !== 'foreign') await deleteOwnedPolicy(s, arn);
  });

  deadline.enter(`deleting role ${roleName}`);
  await call(s, () => s.client.send(new DeleteRoleCommand({ RoleName }))).catch(ignoreMissing);
  return 'deleted';
}
