// Applies a RoleChanges to an existing, owned role. Order keeps IAM's quotas
// satisfied at every step: removals before additions (inline size, 10
// attachments), new managed policies before they are attached, and owned
// policies deleted only once detached.
import {
  AttachRolePolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { IAM_CONCURRENCY, mapLimit } from '../concurrency';
import type { Deadline } from '../deadline';
import type { RoleChanges } from '../reconciler';
import { createOwnedPolicy, deleteOwnedPolicy, ignoreMissing, publishVersion } from './policies';
import { createJournaled, type Journal } from './create';
import { call, type IamSession } from './session';

/**
 * `journal`, in a Create that found its role already there (a lost response or
 * another delivery), records each owned policy before its CreatePolicy goes
 * out, so the Create's undo removes it even when the response is lost.
 */
export async function applyChanges(
  s: IamSession,
  roleName: string,
  c: RoleChanges,
  deadline: Deadline,
  journal?: Pick<Journal, 'policies' | 'refused'>,
): Promise<void> {
  const RoleName = roleName;
  deadline.enter(`updating role ${roleName} settings`);
  const settings: Promise<unknown>[] = [];
  if (c.trust) {
    const doc = c.trust;
    settings.push(call(s, () => s.client.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: doc })), { consistency: 'fresh-trust' }));
  }
  if (c.roleSettings) {
    const { description, maxSessionDuration } = c.roleSettings;
    settings.push(
      call(s, () => s.client.send(new UpdateRoleCommand({ RoleName, Description: description, MaxSessionDuration: maxSessionDuration }))),
    );
  }
  if (c.boundary) {
    const b = c.boundary;
    settings.push(
      'put' in b
        ? call(s, () => s.client.send(new PutRolePermissionsBoundaryCommand({ RoleName, PermissionsBoundary: b.put })))
        : call(s, () => s.client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName }))),
    );
  }
  if (c.tagKeysToRemove.length) {
    settings.push(call(s, () => s.client.send(new UntagRoleCommand({ RoleName, TagKeys: c.tagKeysToRemove }))));
  }
  if (c.tagsToSet.length) settings.push(call(s, () => s.client.send(new TagRoleCommand({ RoleName, Tags: c.tagsToSet }))));
  await settleAll(settings);

  deadline.enter(`removing policies from role ${roleName}`);
  await settleAll([
    mapLimit(c.inlineToDelete, IAM_CONCURRENCY, (PolicyName) =>
      call(s, () => s.client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }))).catch(ignoreMissing),
    ),
    mapLimit(c.detach, IAM_CONCURRENCY, (PolicyArn) =>
      call(s, () => s.client.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }))).catch(ignoreMissing),
    ),
  ]);

  deadline.enter(`writing policies of role ${roleName}`);
  const fresh = new Set<string>();
  await settleAll([
    mapLimit(c.inlineToPut, IAM_CONCURRENCY, (p) =>
      call(s, () => s.client.send(new PutRolePolicyCommand({ RoleName, PolicyName: p.name, PolicyDocument: p.json }))),
    ),
    mapLimit(c.managedToCreate, IAM_CONCURRENCY, async (p) => {
      const res = journal ? await createJournaled(s, journal, p.name, p.json) : await createOwnedPolicy(s, p.name, p.json);
      fresh.add(res.arn);
    }),
    mapLimit(c.managedToVersion, IAM_CONCURRENCY, (p) => publishVersion(s, p.arn, p.json)),
  ]);

  deadline.enter(`attaching managed policies to role ${roleName}`);
  // A policy created just now may not be visible yet; any other missing policy fails at once.
  await mapLimit(c.attach, IAM_CONCURRENCY, (PolicyArn) =>
    call(s, () => s.client.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })), { consistency: fresh.has(PolicyArn) ? 'fresh-policy' : 'none' }),
  );

  deadline.enter(`deleting managed policies no longer used by role ${roleName}`);
  await mapLimit(c.managedToDelete, IAM_CONCURRENCY, (p) =>
    deleteOwnedPolicy(s, p.arn, { detachFrom: RoleName }),
  );
}

/** Waits for every promise (so no call is left running unobserved) and rethrows the first failure. */
export async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
