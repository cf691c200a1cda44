// Confirms with CloudFormation that it sent this event, before any IAM write.
// Anyone allowed to invoke the function can hand it any JSON; what they cannot
// forge is the state of a stack: the event's stack must be in the provider's
// own account and region, its logical id must exist there as a
// Custom::SageMakerPersonaRole, and the stack and resource must be in a state
// in which CloudFormation sends that request type. Two read-only calls, sent
// together (one round trip).
//
// States, from CloudFormation's stack and resource status documentation
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes):
// - Create: the resource is CREATE_IN_PROGRESS, in a stack being created or
//   updated (a resource added by an update).
// - Update: the resource is UPDATE_IN_PROGRESS with the event's physical id, in
//   a stack being updated or rolled back after a failed update (the rollback
//   sends an Update with the old properties).
// - Delete: the resource is DELETE_IN_PROGRESS with the event's physical id, in
//   a stack being deleted or rolled back, or in a cleanup phase; or, during
//   UPDATE_COMPLETE_CLEANUP_IN_PROGRESS / UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS,
//   the event names a physical id other than the resource's current one: the
//   role a replacement (or a rolled-back replacement) left behind.
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { RESOURCE_TYPE } from '../src/policy-engine/names';
import type { ProviderSelf, StackContext } from './context';
import { errorCode, errorMessage, UnconfirmedEventError } from './errors';
import type { ProviderEvent, RequestType } from './event';
import { type RetryEnv, withRetry } from './retry';

export interface ObservedResource {
  type: string;
  status: string;
  physicalId?: string;
}

/** What CloudFormation says about the event's stack and logical id right now. */
export interface StackObservation {
  stackId: string;
  stackStatus: string;
  /** Undefined when the stack has no resource with that logical id. */
  resource?: ObservedResource;
}

export const CREATE_STACK_STATES: readonly string[] = ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'];
export const UPDATE_STACK_STATES: readonly string[] = ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'];
export const CLEANUP_STACK_STATES: readonly string[] = ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'];
export const DELETE_STACK_STATES: readonly string[] = [
  'DELETE_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  ...CLEANUP_STACK_STATES,
];
const ROLLBACK_STATES: readonly string[] = ['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'];

/** True while CloudFormation is undoing an operation (a Create this event made will be deleted again). */
export function isRollingBack(observation: StackObservation): boolean {
  return ROLLBACK_STATES.includes(observation.stackStatus) || observation.stackStatus.endsWith('_FAILED');
}

/**
 * Why CloudFormation would not send this request now (undefined: it would).
 * Pure: the lifecycle may call it again with a fresh observation, e.g. to
 * learn whether the logical id still expects the resource it is creating.
 */
export function refusal(
  request: { requestType: RequestType; physicalId?: string; resourceType: string },
  observation: StackObservation,
): string | undefined {
  const { stackStatus, resource } = observation;
  if (request.resourceType !== RESOURCE_TYPE) return `the event's ResourceType is ${JSON.stringify(request.resourceType.slice(0, 80))}, not ${RESOURCE_TYPE}`;
  if (!resource) return 'the stack has no resource with this logical id';
  if (resource.type !== RESOURCE_TYPE) return `the stack's resource with this logical id is a ${resource.type}, not a ${RESOURCE_TYPE}`;
  const inState = (states: readonly string[]) => states.includes(stackStatus);
  const state = `the stack is ${stackStatus} and the resource ${resource.status}`;
  switch (request.requestType) {
    case 'Create':
      return inState(CREATE_STACK_STATES) && resource.status === 'CREATE_IN_PROGRESS' ? undefined : `${state}; CloudFormation is not creating it`;
    case 'Update':
      if (!inState(UPDATE_STACK_STATES) || resource.status !== 'UPDATE_IN_PROGRESS') return `${state}; CloudFormation is not updating it`;
      return resource.physicalId === request.physicalId ? undefined : 'the event names a physical id that is not the resource being updated';
    case 'Delete': {
      if (inState(CLEANUP_STACK_STATES) && resource.physicalId !== request.physicalId) return undefined;
      if (!inState(DELETE_STACK_STATES) || resource.status !== 'DELETE_IN_PROGRESS') return `${state}; CloudFormation is not deleting it`;
      return resource.physicalId === undefined || resource.physicalId === request.physicalId
        ? undefined
        : 'the event names a physical id that is not the resource being deleted';
    }
  }
}

const NOT_FOUND = /does not exist/i;

/** Reads the stack and the logical id together; a logical id the stack lacks is `resource: undefined`. */
export async function observeStack(
  client: CloudFormationClient,
  retry: RetryEnv,
  stackId: string,
  logicalId: string,
  phase: 'forward' | 'undo' = 'forward',
): Promise<StackObservation | undefined> {
  const [stacks, detail] = await Promise.all([
    withRetry(retry, () => client.send(new DescribeStacksCommand({ StackName: stackId })), { phase }).catch((err: unknown) => {
      if (errorCode(err) === 'ValidationError' && NOT_FOUND.test(errorMessage(err))) return undefined;
      throw err;
    }),
    withRetry(retry, () => client.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId })), { phase }).catch(
      (err: unknown) => {
        if (errorCode(err) === 'ValidationError' && NOT_FOUND.test(errorMessage(err))) return undefined;
        throw err;
      },
    ),
  ]);
  const stack = stacks?.Stacks?.[0];
  if (!stack?.StackId || !stack.StackStatus) return undefined;
  const d = detail?.StackResourceDetail;
  return {
    stackId: stack.StackId,
    stackStatus: stack.StackStatus,
    resource: d?.ResourceType && d.ResourceStatus ? { type: d.ResourceType, status: d.ResourceStatus, physicalId: d.PhysicalResourceId || undefined } : undefined,
  };
}

export interface Confirmation {
  observation: StackObservation;
  /** Asks CloudFormation again (for the lifecycle: has the stack moved on, e.g. into a rollback?); 'undo' runs in the undo margin. */
  reobserve(phase?: 'forward' | 'undo'): Promise<StackObservation | undefined>;
}

/**
 * Throws UnconfirmedEventError unless CloudFormation confirms the event.
 * Called before any IAM call; a refused event changes nothing.
 */
export async function confirmEvent(
  client: CloudFormationClient,
  retry: RetryEnv,
  self: ProviderSelf,
  stack: StackContext,
  event: ProviderEvent,
): Promise<Confirmation> {
  const refuse = (why: string): never => {
    throw new UnconfirmedEventError(`CloudFormation did not confirm this ${event.requestType} event (${why}); nothing was changed`);
  };
  if (stack.partition !== self.partition || stack.account !== self.account || stack.region !== self.region) {
    refuse(`the stack is not in this provider's account ${self.account} and region ${self.region}`);
  }
  let observation: StackObservation | undefined;
  try {
    observation = await observeStack(client, retry, event.stackId, event.logicalId);
  } catch (err) {
    throw new UnconfirmedEventError(
      `could not confirm this ${event.requestType} event with CloudFormation (${errorCode(err)}: ${errorMessage(err).slice(0, 300)}); nothing was changed. The provider's execution role needs cloudformation:DescribeStacks and cloudformation:DescribeStackResource on this account's stacks`,
      { cause: err },
    );
  }
  if (!observation) return refuse('no such stack in this account and region');
  if (observation.stackId !== event.stackId) refuse('the stack id does not match');
  const why = refusal(event, observation);
  if (why !== undefined) {
    const err = new UnconfirmedEventError(`CloudFormation did not confirm this ${event.requestType} event (${why}); nothing was changed`);
    // A late duplicate of an event CloudFormation already settled is recognised from this (lifecycle: settledAnswer).
    err.observation = observation;
    throw err;
  }
  return { observation, reobserve: (phase) => observeStack(client, retry, event.stackId, event.logicalId, phase) };
}
