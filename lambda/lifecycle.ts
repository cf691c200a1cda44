// What each request type does, as outcomes (status, physical id, reason,
// attributes). The handler turns an outcome into the one response.
import type { Role } from '@aws-sdk/client-iam';
import { PersonaRoleError } from '../src/policy-engine/errors';
import { Attr, FAILED_CREATE_MARKER, ROLE_NAME_PREFIX } from '../src/policy-engine/names';
import { replacementConflict } from '../src/policy-engine/role-name';
import type { RolePlan } from '../src/policy-engine/types';
import type { Deadline } from './deadline';
import { DeadlineError, errorCode, errorMessage, OwnershipError } from './errors';
import type { ProviderEvent } from './event';
import { createRole, emptyJournal, undoCreate } from './iam-ops/create';
import { deleteRole } from './iam-ops/delete';
import { getRole, readRoleState } from './iam-ops/read';
import { type IamSession, ownedPolicyArn } from './iam-ops/session';
import { applyChanges } from './iam-ops/update';
import { isOwnedBy } from './ownership';
import { countWrites, diffRole } from './reconciler';
import type { Confirmation } from './stack-confirmation';

export interface Outcome {
  status: 'SUCCESS' | 'FAILED';
  physicalId: string;
  reason?: string;
  data?: Record<string, string>;
}

/** What a timeout answer should say: updated as the work goes, so it is right at any instant. */
export interface Progress {
  physicalId: string;
}

export interface EventRun {
  s: IamSession;
  deadline: Deadline;
  event: ProviderEvent;
  progress: Progress;
  /** Called with each write count the reconciler computed (bench and logs). */
  onDiff?: (writes: number) => void;
  /** CloudFormation's confirmation of the event; `reobserve()` tells whether the stack has moved on (e.g. into a rollback). */
  confirmation?: Confirmation;
}

export function failedCreateMarker(requestId: string): string {
  return `${FAILED_CREATE_MARKER}${requestId}`;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A physical id this provider could have produced for a live role. */
export function isManagedRoleName(id: string | undefined): id is string {
  return id !== undefined && ROLE_NAME.test(id) && id.startsWith(ROLE_NAME_PREFIX);
}

export function attributes(role: Pick<Role, 'Arn' | 'RoleName' | 'RoleId'>, plan: RolePlan): Record<string, string> {
  return {
    [Attr.Arn]: role.Arn ?? '',
    [Attr.RoleName]: role.RoleName ?? plan.roleName,
    [Attr.RoleId]: role.RoleId ?? '',
    [Attr.ManagedPolicyNames]: plan.managedPolicies.map((p) => p.name).join(','),
  };
}

/** The reason line for a failure: our own errors speak for themselves; others get the step and the IAM error code. */
export function reasonFor(err: unknown, step: string): string {
  if (err instanceof DeadlineError) return err.message;
  if (err instanceof PersonaRoleError) return err.message;
  return `failed while ${step}: ${errorCode(err)}: ${errorMessage(err)}`;
}

async function reconcileExisting(run: EventRun, role: Role, plan: RolePlan): Promise<Outcome> {
  const { s, deadline } = run;
  deadline.enter(`reading role ${plan.roleName}`);
  const actual = await readRoleState(s, role, plan.managedPolicies.map((p) => p.name));
  const changes = diffRole(plan, actual, s.owner, (name) => ownedPolicyArn(s, name));
  run.onDiff?.(countWrites(changes));
  await applyChanges(s, plan.roleName, changes, deadline);
  return { status: 'SUCCESS', physicalId: plan.roleName, data: attributes(role, plan) };
}

/**
 * Creates the plan's role, all or nothing. `failedId` is the physical id to
 * answer with when nothing is left behind (the marker for a Create, the old
 * role for a replacing Update).
 */
export async function createFlow(run: EventRun, plan: RolePlan, failedId: string): Promise<Outcome> {
  const { s, deadline, progress } = run;
  const journal = emptyJournal();
  // From the moment CreateRole is sent a role may exist: a timeout answer then
  // names it, so the Delete that follows removes it (it carries our tags).
  progress.physicalId = plan.roleName;
  try {
    const res = await createRole(s, plan, journal, deadline);
    if (res.kind === 'exists-owned') return await reconcileExisting(run, res.role, plan);
    return { status: 'SUCCESS', physicalId: plan.roleName, data: attributes(res.role, plan) };
  } catch (err) {
    const step = deadline.step;
    const undone = await undoCreate(s, journal, deadline);
    const physicalId = journal.role && !undone ? plan.roleName : failedId;
    progress.physicalId = physicalId;
    const tail = journal.role && !undone ? ` (could not remove the partly created role ${plan.roleName}; deleting the resource will)` : '';
    return { status: 'FAILED', physicalId, reason: reasonFor(err, step) + tail };
  }
}

export async function onCreate(run: EventRun, plan: RolePlan): Promise<Outcome> {
  return createFlow(run, plan, failedCreateMarker(run.event.requestId));
}

export async function onUpdate(run: EventRun, plan: RolePlan): Promise<Outcome> {
  const { s, deadline, event, progress } = run;
  const oldId = event.physicalId ?? '';
  progress.physicalId = oldId;
  if (plan.roleName !== oldId) {
    // Replacement (or the resource never got a role): a new role under the new name.
    // On failure the answer keeps the old id: CloudFormation rolls back to that role.
    const outcome = await createFlow(run, plan, oldId);
    if (outcome.status === 'FAILED') progress.physicalId = oldId;
    return outcome.status === 'FAILED' ? { ...outcome, physicalId: oldId } : outcome;
  }
  deadline.enter(`reading role ${oldId}`);
  const role = await getRole(s, oldId);
  if (!role) return createFlow(run, plan, oldId);
  if (!isOwnedBy(role.Tags, s.owner)) {
    throw new OwnershipError(`role ${oldId} exists but lacks this resource's ownership tags; refusing to modify it`);
  }
  const conflict = replacementConflict({ roleName: oldId, path: role.Path ?? '/' }, plan);
  if (conflict) return { status: 'FAILED', physicalId: oldId, reason: conflict };
  return reconcileExisting(run, role, plan);
}

export async function onDelete(run: EventRun, plannedPolicyNames: readonly string[]): Promise<Outcome> {
  const id = run.event.physicalId;
  run.progress.physicalId = id ?? '';
  // Markers of failed Creates and ids we never produce mean there is nothing of ours to delete.
  if (!isManagedRoleName(id)) return { status: 'SUCCESS', physicalId: id ?? '' };
  await deleteRole(run.s, id, plannedPolicyNames, run.deadline);
  return { status: 'SUCCESS', physicalId: id };
}
