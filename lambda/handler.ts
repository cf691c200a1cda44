// The event pipeline: check the event, plan, dispatch on RequestType, answer
// exactly once (success, failure or timeout), never throw.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { Attr, FAILED_CREATE_MARKER, ProviderEnv } from '../src/policy-engine/names';
import { DEFAULT_LIMITS, type RolePlan } from '../src/policy-engine/types';
import { type ProviderConfig, readConfig } from './config';
import { parseFunctionArn, parseStackId, type ProviderSelf } from './context';
import { type Clock, Deadline, type DeadlineOptions, realClock } from './deadline';
import { errorCode, UnconfirmedEventError } from './errors';
import { answerAddress, parseEvent, type ProviderEvent } from './event';
import type { IamSession } from './iam-ops/session';
import { type EventRun, failedCreateMarker, onCreate, onDelete, onUpdate, type Outcome, type Progress, reasonFor, settledAnswer } from './lifecycle';
import { createLogger, type EventKeys } from './logger';
import { planForEvent, type Planner } from './plan';
import { PROVIDER_VERSION } from './version';
import { httpResponder, type Responder, type ResponseBody, serializeResponse } from './response';
import { refuseResponseUrl } from './response-endpoint';
import { type Confirmation, confirmEvent } from './stack-confirmation';

export interface HandlerDeps {
  /** IAM client, or a factory; default `new IAMClient({ maxAttempts: 1 })` created on first use (retries are ours, bounded by the deadline). */
  iam?: IAMClient | (() => IAMClient);
  /** CloudFormation client that confirms events, or a factory; default `new CloudFormationClient({ maxAttempts: 1 })` on first use. */
  cloudFormation?: CloudFormationClient | (() => CloudFormationClient);
  respond?: Responder;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  env?: Record<string, string | undefined>;
  planner?: Planner;
  /** Overrides the margins derived from the remaining time (tests). */
  deadlineOptions?: DeadlineOptions;
  onDiff?: (writes: number) => void;
}

/** What the handler reads of Lambda's context: the deadline, and its own ARN (account, region, partition). */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'invokedFunctionArn'>>;

export type Handler = (event: CloudFormationCustomResourceEvent, context: HandlerContext) => Promise<void>;

/** Answers remembered per warm container, so a duplicate delivery gets the same answer without redoing work. */
const ANSWER_CACHE_SIZE = 64;

export function createHandler(deps: HandlerDeps = {}): Handler {
  let client: IAMClient | undefined;
  const iam = (): IAMClient => {
    if (!client) {
      const given = deps.iam;
      client = given instanceof IAMClient ? given : given ? given() : new IAMClient({ maxAttempts: 1 });
    }
    return client;
  };
  let cfnClient: CloudFormationClient | undefined;
  const cloudFormation = (): CloudFormationClient => {
    if (!cfnClient) {
      const given = deps.cloudFormation;
      cfnClient = given instanceof CloudFormationClient ? given : given ? given() : new CloudFormationClient({ maxAttempts: 1 });
    }
    return cfnClient;
  };
  const clock = deps.clock ?? realClock;
  const respond = deps.respond ?? httpResponder({ clock: realClock });
  let logger: Logger | undefined = deps.logger;
  const log = (): Logger => (logger ??= createLogger());
  const answered = new Map<string, string>();

  return async (event, context) => {
    const address = answerAddress(event);
    if (!address) {
      // Without a ResponseURL nobody can be told; the stack will time out on its own.
      log().error('event without a usable ResponseURL; cannot answer', { requestType: typeOf(event, 'RequestType') });
      return;
    }
    const keys: EventKeys = {
      StackId: address.stackId.slice(0, 256),
      LogicalResourceId: address.logicalId.slice(0, 256),
      RequestId: address.requestId.slice(0, 256),
      RequestType: typeOf(event, 'RequestType').slice(0, 32),
    };
    const l = log().createChild({ persistentKeys: { ...keys } });
    const self = parseFunctionArn(context.invokedFunctionArn);
    if (!self) {
      l.error('cannot tell this function\'s own account and region from the invocation context; ignoring the event');
      return;
    }
    const env = deps.env ?? process.env;
    const refusedUrl = refuseResponseUrl(address.responseUrl, self, { allowLoopback: env[ProviderEnv.TestAllowLoopbackResponseUrl] === 'true' });
    if (refusedUrl !== undefined) {
      // Not CloudFormation's endpoint: not an event CloudFormation sent. Touch nothing, answer nobody.
      l.warn('ignoring an event that CloudFormation did not send', { why: refusedUrl });
      return;
    }
    const cacheKey = `${address.stackId}\n${address.requestId}`;
    const send = async (body: string) => {
      try {
        await respond(address.responseUrl, body);
      } catch (err) {
        l.error('could not deliver the response', { errorCode: errorCode(err) });
      }
    };
    try {
      const previous = answered.get(cacheKey);
      if (previous !== undefined) {
        l.info('duplicate delivery; repeating the earlier answer');
        await send(previous);
        return;
      }
      const remaining = safeRemaining(context);
      const deadline = new Deadline(clock, remaining, deps.deadlineOptions);
      const progress: Progress = { physicalId: initialPhysicalId(event, address.requestId) };
      const work = runEvent(event, deps, { iam, cloudFormation, self }, clock, deadline, progress, l).catch(
        (err): Outcome => ({ status: 'FAILED', physicalId: progress.physicalId, reason: reasonFor(err, deadline.step) }),
      );
      const timeout = deadline.expiry().then(
        (step): Outcome => ({ status: 'FAILED', physicalId: progress.physicalId, reason: `timed out while ${step}` }),
      );
      const outcome = await Promise.race([work, timeout]);
      deadline.close();
      deadline.dispose();
      const body: ResponseBody = {
        Status: outcome.status,
        ...(outcome.reason !== undefined ? { Reason: outcome.reason } : {}),
        PhysicalResourceId: outcome.physicalId || address.physicalId || failedCreateMarker(address.requestId),
        StackId: address.stackId,
        RequestId: address.requestId,
        LogicalResourceId: address.logicalId,
        ...(outcome.data ? { Data: { ...outcome.data, [Attr.ProviderVersion]: PROVIDER_VERSION } } : {}),
      };
      const json = serializeResponse(body);
      rememberAnswer(answered, cacheKey, json);
      l.info('answering', { status: outcome.status, physicalResourceId: body.PhysicalResourceId, reason: outcome.reason?.slice(0, 500) });
      await send(json);
    } catch (err) {
      // Last resort: something outside the pipeline failed; still answer once.
      l.error('unexpected failure', { errorCode: errorCode(err) });
      if (!answered.has(cacheKey)) {
        const json = serializeResponse({
          Status: 'FAILED',
          Reason: `provider error: ${errorCode(err)}`,
          PhysicalResourceId: address.physicalId ?? failedCreateMarker(address.requestId),
          StackId: address.stackId,
          RequestId: address.requestId,
          LogicalResourceId: address.logicalId,
        });
        rememberAnswer(answered, cacheKey, json);
        await send(json);
      }
    }
  };
}

function planOrUndefined(plan: () => RolePlan): RolePlan | undefined {
  try {
    return plan();
  } catch {
    return undefined;
  }
}

function typeOf(event: unknown, key: string): string {
  if (event && typeof event === 'object' && key in event) {
    const v = (event as Record<string, unknown>)[key];
    if (typeof v === 'string') return v;
  }
  return '';
}

function initialPhysicalId(event: unknown, requestId: string): string {
  const physical = typeOf(event, 'PhysicalResourceId');
  return physical || `${FAILED_CREATE_MARKER}${requestId}`;
}

function safeRemaining(context: Pick<Context, 'getRemainingTimeInMillis'>): number {
  try {
    const ms = context.getRemainingTimeInMillis();
    return Number.isFinite(ms) && ms > 0 ? ms : 60_000;
  } catch {
    return 60_000;
  }
}

function rememberAnswer(cache: Map<string, string>, key: string, json: string): void {
  cache.set(key, json);
  if (cache.size > ANSWER_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

interface Clients {
  iam: () => IAMClient;
  cloudFormation: () => CloudFormationClient;
  self: ProviderSelf;
}

async function runEvent(
  raw: unknown,
  deps: HandlerDeps,
  clients: Clients,
  clock: Clock,
  deadline: Deadline,
  progress: Progress,
  l: Logger,
): Promise<Outcome> {
  deadline.enter('reading the event');
  const event: ProviderEvent = parseEvent(raw);
  const stack = parseStackId(event.stackId);
  l.info('event received', { physicalResourceId: event.physicalId });
  const retry = { clock, random: deps.random ?? Math.random, deadline };
  // Nothing below runs for an event CloudFormation does not confirm.
  deadline.enter('confirming the event with CloudFormation');
  let confirmation: Confirmation | undefined;
  let unconfirmed: UnconfirmedEventError | undefined;
  try {
    confirmation = await confirmEvent(clients.cloudFormation(), retry, clients.self, stack, event);
  } catch (err) {
    if (!(err instanceof UnconfirmedEventError) || !err.observation) throw err;
    unconfirmed = err;
  }
  let config: ProviderConfig;
  try {
    config = readConfig(deps.env ?? process.env);
  } catch (err) {
    // A misconfigured provider must still be able to delete what it created.
    if (event.requestType !== 'Delete') throw err;
    config = { maxAttachedPolicies: DEFAULT_LIMITS.attachedPolicies, guardrails: {} };
  }
  const session = (): IamSession => ({
    client: clients.iam(),
    retry,
    owner: { stackId: event.stackId, logicalId: event.logicalId },
    partition: stack.partition,
    account: stack.account,
  });
  const run = (): EventRun => ({
    s: session(),
    deadline,
    event,
    progress,
    onDiff: deps.onDiff,
    confirmation,
    log: (message, detail) => l.warn(message, detail),
  });
  /** The role and owned policy names properties give, or undefined when they no longer plan. */
  const namesOf = (properties: Record<string, unknown> | undefined): { roleName: string; policyNames: string[] } | undefined => {
    if (!properties) return undefined;
    try {
      // Only names are needed: guardrails judge what gets granted, and must not hide what older settings created.
      const p = planForEvent(properties, stack, event.logicalId, { ...config, guardrails: {} }, deps.planner);
      return { roleName: p.roleName, policyNames: p.managedPolicies.map((m) => m.name) };
    } catch {
      return undefined;
    }
  };
  if (unconfirmed?.observation) {
    // Read-only: a late duplicate repeats the answer CloudFormation already acted on; anything else stays refused.
    deadline.enter('checking whether CloudFormation already settled this event');
    const plan = event.requestType === 'Delete' ? undefined : planOrUndefined(() => planForEvent(event.properties, stack, event.logicalId, config, deps.planner));
    const repeated = await settledAnswer(run(), unconfirmed.observation, plan);
    if (!repeated) throw unconfirmed;
    l.info('late duplicate of an event CloudFormation already settled; repeating its answer', { status: repeated.status });
    return repeated;
  }
  if (event.requestType === 'Delete') {
    // A Delete must succeed even if its properties no longer validate; the names they give help find what a
    // cancelled Create left and owned policies left unattached.
    const target = namesOf(event.properties);
    return onDelete(run(), { roleName: target?.roleName, policyNames: target?.policyNames ?? [] });
  }
  deadline.enter('validating properties');
  // Validation happens before any IAM call: invalid input never touches IAM.
  const plan: RolePlan = planForEvent(event.properties, stack, event.logicalId, config, deps.planner);
  if (event.requestType === 'Create') return onCreate(run(), plan);
  return onUpdate({ ...run(), abandoned: namesOf(event.oldProperties) }, plan);
}
