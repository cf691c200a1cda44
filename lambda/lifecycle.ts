// What each request type does, as outcomes (status, physical id, reason,
// attributes). The handler turns an outcome into the one response.
import type { Role } from '@aws-sdk/client-iam';
import { PersonaRoleError } from '../src/policy-engine/errors';
import { Attr, FAILED_CREATE_MARKER, RESOURCE_TYPE, ROLE_NAME_PREFIX } from '../src/policy-engine/names';
import { replacementConflict } from '../src/policy-engine/role-name';
import type { RolePlan } from '../src/policy-engine/types';
import { explainAccessDenied } from './access-denied';
import type { Deadline } from './deadline';
import { DeadlineError, errorCode, errorMessage, OwnershipError, ProviderError } from './errors';
import type { ProviderEvent } from './event';
import { createRole, emptyJournal, type Journal, undoCreate } from './iam-ops/create';
import { deleteRole } from './iam-ops/delete';
import { getRole, readRoleState } from './iam-ops/read';
import { type IamSession, ownedPolicyArn } from './iam-ops/session';
import { applyChanges } from './iam-ops/update';
import { isOwnedBy } from './ownership';
import { countWrites, diffRole } from './reconciler';
import { type Confirmation, isRollingBack, refusal, type StackObservation } from './stack-confirmation';

export interface Outcome {
  status: 'SUCCESS' | 'FAILED';
  physicalId: string;
  reason?: string;
  data?: Record<string, string>;
}

/**
 * What a timeout answer says. It stays CloudFormation's id (or the
 * failed-create marker): a FAILED answer never names a new role.
 */
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
  /** The role the previous properties name, when CloudFormation never got it as physical id (an abandoned replacement). */
  abandoned?: { roleName: string; policyNames: readonly string[] };
  log?: (message: string, detail: Record<string, unknown>) => void;
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
  const denied = explainAccessDenied(err);
  if (denied !== undefined) return `failed while ${step}: ${denied}`;
  return `failed while ${step}: ${errorCode(err)}: ${errorMessage(err)}`;
}

async function reconcileExisting(run: EventRun, role: Role, plan: RolePlan, journal?: Journal): Promise<Outcome> {
  const { s, deadline } = run;
  deadline.enter(`reading role ${plan.roleName}`);
  const actual = await readRoleState(s, role, plan.managedPolicies.map((p) => p.name));
  const changes = diffRole(plan, actual, s.owner, (name) => ownedPolicyArn(s, name));
  run.onDiff?.(countWrites(changes));
  await applyChanges(s, plan.roleName, changes, deadline, journal);
  return { status: 'SUCCESS', physicalId: plan.roleName, data: attributes(role, plan) };
}

/** The role vanished between our writes and the answer. */
export class RoleVanishedError extends ProviderError {}

/**
 * The role is still there just before SUCCESS is answered. Another delivery
 * of the same event that failed may have undone it meanwhile; SUCCESS for a
 * role that no longer exists would leave CloudFormation holding nothing.
 */
async function confirmRoleRemains(run: EventRun, roleName: string): Promise<void> {
  // Just written by this invocation or another delivery: NoSuchEntity may be lag (bounded, shared budget).
  const role = await getRole(run.s, roleName, { consistency: 'fresh-role' });
  if (!role) {
    throw new RoleVanishedError(
      `role ${roleName} no longer exists (another delivery of this event failed and removed it); CloudFormation rolls back and may retry`,
    );
  }
}

/** A Create that CloudFormation no longer waits for (its stack rolled back meanwhile). */
export class CreateNotWantedError extends ProviderError {}

/**
 * Creates the plan's role, all or nothing. `failedId` is the physical id to
 * answer FAILED with (the marker for a Create, the old role for a replacing
 * Update): CloudFormation's id, whether or not undo finished.
 */
export async function createFlow(run: EventRun, plan: RolePlan, failedId: string, checkWanted = false): Promise<Outcome> {
  const { s, deadline } = run;
  const journal = emptyJournal();
  try {
    const res = await createRole(s, plan, journal, deadline);
    const outcome = res.kind === 'exists-owned' ? await reconcileExisting(run, res.role, plan, journal) : success(res.role, plan);
    deadline.enter(checkWanted ? 'confirming with CloudFormation that the stack still waits for this Create' : `confirming role ${plan.roleName}`);
    const [wanted] = await Promise.all([checkWanted ? createStillWanted(run, plan.roleName) : true, confirmRoleRemains(run, plan.roleName)]);
    if (!wanted) {
      throw new CreateNotWantedError(
        `CloudFormation no longer waits for this Create (the stack rolled back or the request was cancelled); removed role ${plan.roleName} and what it created`,
      );
    }
    return outcome;
  } catch (err) {
    const step = deadline.step;
    if (checkWanted) {
      // A late duplicate of a Create CloudFormation already holds (another delivery answered SUCCESS): the role is
      // CloudFormation's now, so nothing is undone and this answer repeats that one.
      const held = await heldFromAnotherDelivery(run, plan);
      if (held) return held;
      // The role predates this delivery (another delivery's, still running): what this one added is the plan's own
      // and stays for that delivery, or for the rollback Delete, which finds it by name; undone only when
      // CloudFormation no longer waits for this Create, as no Delete will come for it then.
      if (!journal.role && journal.policies.length && (await createStillWanted(run, plan.roleName, 'undo'))) journal.policies.length = 0;
    }
    const undone = await undoCreate(s, journal, deadline, plan.roleName);
    const tail = undone
      ? ''
      : ` (could not yet remove the partly created role ${plan.roleName}; the Delete CloudFormation sends next removes it)`;
    return { status: 'FAILED', physicalId: failedId, reason: reasonFor(err, step) + tail };
  }
}

/** SUCCESS as another delivery of this Create answered it, when CloudFormation already holds that answer (see settledAnswer). */
async function heldFromAnotherDelivery(run: EventRun, plan: RolePlan): Promise<Outcome | undefined> {
  if (!run.confirmation) return undefined;
  try {
    const now = await run.confirmation.reobserve('undo');
    const held = now && (await settledAnswer(run, now, plan, 'undo'));
    if (held) run.log?.('CloudFormation already holds this role from another delivery of this Create; repeating its SUCCESS', { roleName: plan.roleName });
    return held || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Does CloudFormation still wait for this Create? Asked once the work is done,
 * before answering SUCCESS: a stack that rolled back meanwhile (the Create was
 * cancelled, another delivery answered FAILED, or the answer was lost and
 * CloudFormation gave up) will never hold this role, so it must not stay.
 * Another delivery's SUCCESS for the same role counts as still wanted. If
 * CloudFormation cannot be asked, the Create stands (it was confirmed at the
 * start; a rollback's Delete with the properties' role name removes it).
 */
async function createStillWanted(run: EventRun, roleName: string, phase: 'forward' | 'undo' = 'forward'): Promise<boolean> {
  if (!run.confirmation) return true;
  let now;
  try {
    now = await run.confirmation.reobserve(phase);
  } catch (err) {
    run.log?.('could not ask CloudFormation whether the Create is still wanted; answering as done', { errorCode: errorCode(err) });
    return true;
  }
  if (!now) return false;
  const resource = now.resource;
  if (resource?.status === 'CREATE_COMPLETE' && resource.physicalId === roleName) return true;
  return !isRollingBack(now) && refusal({ requestType: 'Create', resourceType: RESOURCE_TYPE }, now) === undefined;
}

function success(role: Role, plan: RolePlan): Outcome {
  return { status: 'SUCCESS', physicalId: plan.roleName, data: attributes(role, plan) };
}

export async function onCreate(run: EventRun, plan: RolePlan): Promise<Outcome> {
  return createFlow(run, plan, failedCreateMarker(run.event.requestId), true);
}

export async function onUpdate(run: EventRun, plan: RolePlan): Promise<Outcome> {
  const outcome = await updateRole(run, plan);
  // FAILED always keeps CloudFormation's id: it rolls back to that role.
  if (outcome.status === 'FAILED') return { ...outcome, physicalId: run.event.physicalId ?? '' };
  await removeAbandoned(run, plan);
  return outcome;
}

async function updateRole(run: EventRun, plan: RolePlan): Promise<Outcome> {
  const { s, deadline, event } = run;
  const oldId = event.physicalId ?? '';
  deadline.enter(`reading role ${plan.roleName}`);
  const role = await getRole(s, plan.roleName);
  // Missing: a replacement (new name), or the role was deleted out of band. Created all or nothing.
  if (!role) return createFlow(run, plan, oldId);
  if (!isOwnedBy(role.Tags, s.owner)) {
    throw new OwnershipError(
      plan.roleName === oldId
        ? `role ${oldId} exists but lacks this resource's ownership tags; refusing to modify it`
        : `role ${plan.roleName} already exists and was not created by this resource (it lacks the ownership tags of stack and logical id ${s.owner.logicalId}); refusing to adopt it. Choose another RoleNameSuffix or delete the existing role.`,
    );
  }
  // Exists and ours: the role itself (in place), the old role on rollback of a replacement, or another delivery's.
  if (plan.roleName === oldId) {
    const conflict = replacementConflict({ roleName: oldId, path: role.Path ?? '/' }, plan);
    if (conflict) return { status: 'FAILED', physicalId: oldId, reason: conflict };
  }
  const outcome = await reconcileExisting(run, role, plan);
  // (createFlow above confirms its own role)
  deadline.enter(`confirming role ${plan.roleName}`);
  await confirmRoleRemains(run, plan.roleName);
  return outcome;
}

/**
 * The previous properties name a role CloudFormation never held (a
 * replacement whose Update failed or timed out): this rollback is the last
 * event that can name it, so it is removed now (our tags decide). Best effort:
 * the rollback itself has succeeded.
 */
async function removeAbandoned(run: EventRun, plan: RolePlan): Promise<void> {
  const abandoned = run.abandoned;
  if (!abandoned || abandoned.roleName === plan.roleName || abandoned.roleName === run.event.physicalId) return;
  if (!isManagedRoleName(abandoned.roleName)) return;
  try {
    await deleteRole(run.s, abandoned.roleName, abandoned.policyNames, run.deadline);
  } catch (err) {
    run.log?.('could not remove the role of an abandoned replacement', { roleName: abandoned.roleName, errorCode: errorCode(err) });
  }
}

/**
 * A late duplicate: Lambda delivered this event again after CloudFormation had
 * read an answer and moved on. Nothing is written; the answer repeats what
 * CloudFormation holds when IAM agrees with it (SUCCESS of a Create or Update
 * whose role CloudFormation now holds under the plan's name; SUCCESS of a
 * Delete whose role is gone). Otherwise undefined: the event is refused.
 */
export async function settledAnswer(
  run: Pick<EventRun, 's' | 'event'>,
  observation: StackObservation,
  plan: RolePlan | undefined,
  phase: 'forward' | 'undo' = 'forward',
): Promise<Outcome | undefined> {
  const { s, event } = run;
  const resource = observation.resource;
  if (resource && resource.type !== RESOURCE_TYPE) return undefined;
  if (event.requestType === 'Delete') {
    const id = event.physicalId ?? '';
    const stillHeld = resource && resource.physicalId === id && resource.status !== 'DELETE_COMPLETE';
    if (stillHeld || !isManagedRoleName(id)) return undefined;
    const role = await getRole(s, id, { phase });
    return role ? undefined : { status: 'SUCCESS', physicalId: id };
  }
  const settled = event.requestType === 'Create' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
  if (!plan || resource?.status !== settled || resource.physicalId !== plan.roleName) return undefined;
  const role = await getRole(s, plan.roleName, { phase });
  if (!role || !isOwnedBy(role.Tags, s.owner)) return undefined;
  return success(role, plan);
}

export interface DeleteTarget {
  /** The role name the Delete's properties give (undefined when they no longer plan). */
  roleName?: string;
  policyNames: readonly string[];
}

export async function onDelete(run: EventRun, target: DeleteTarget): Promise<Outcome> {
  const id = run.event.physicalId ?? '';
  if (isManagedRoleName(id)) {
    await deleteRole(run.s, id, target.roleName === id ? target.policyNames : [], run.deadline, { recheckMissing: true });
    return { status: 'SUCCESS', physicalId: id };
  }
  // An id we did not issue: the marker of a failed Create, or one CloudFormation made up when a
  // Create was cancelled or its answer lost. A Create may still have left (or be making) a role
  // under the name the properties give: what this logical id owns there goes (our tags decide).
  if (target.roleName && isManagedRoleName(target.roleName)) {
    await deleteRole(run.s, target.roleName, target.policyNames, run.deadline, { recheckMissing: true });
  }
  return { status: 'SUCCESS', physicalId: id };
}
