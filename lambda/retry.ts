// Retries of one IAM call: throttling, 5xx, network errors and IAM's eventual
// consistency, with exponential backoff and full jitter, never past the deadline.
import type { Clock, Deadline } from './deadline';
import { DeadlineError, errorCode, errorMessage, httpStatusOf } from './errors';

export interface RetryEnv {
  clock: Clock;
  random: () => number;
  deadline: Deadline;
  /**
   * NoSuchEntity answers taken as lag so far in this invocation, per entity.
   * One entity's lag budget is spent once: an undo, a re-read or a second
   * path that reads the same name again does not wait for it all over.
   */
  lagAnswers?: Map<string, number>;
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

// Attempts are generous because the deadline is the real bound: under heavy throttling
// (many roles created at once) a call may need many tries to get a slot.
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 100, capMs: 5_000, maxAttempts: 60 };

/**
 * Which eventual-consistency errors a call may see because an entity was just
 * created (by this invocation, or proven to exist by EntityAlreadyExists):
 * 'fresh-role' and 'fresh-trust' a role, 'fresh-policy' a managed policy.
 * Everywhere else NoSuchEntity is an answer, not lag.
 */
export type Consistency = 'none' | 'fresh-role' | 'fresh-trust' | 'fresh-policy';

/** IAM's propagation delay is seconds: this many NoSuchEntity answers in a row (with backoff) are lag, more mean it is gone. */
export const LAG_ATTEMPTS = 6;

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
]);
const TRANSIENT = new Set([
  'ServiceFailure',
  'ServiceFailureException',
  'ServiceUnavailable',
  'InternalFailure',
  'ConcurrentModification',
  'ConcurrentModificationException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isRetryable(err: unknown, consistency: Consistency): boolean {
  const code = errorCode(err);
  if (THROTTLING.has(code) || TRANSIENT.has(code)) return true;
  const status = httpStatusOf(err);
  if (status !== undefined && status >= 500) return true;
  const sysCode = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (TRANSIENT.has(sysCode)) return true;
  // Right after CreateRole the role may not be visible to other IAM APIs yet. A
  // missing policy (e.g. a wrong ManagedPolicyArns entry) will not appear by waiting.
  if (isLagCandidate(err, consistency)) return true;
  // A trust policy naming a just-created principal is refused until it propagates.
  if (
    consistency === 'fresh-trust' &&
    (code === 'MalformedPolicyDocument' || code === 'MalformedPolicyDocumentException') &&
    /invalid principal/i.test(errorMessage(err))
  ) {
    return true;
  }
  return false;
}

/** NoSuchEntity that the entity's freshness can explain. */
function isLagCandidate(err: unknown, consistency: Consistency): boolean {
  const code = errorCode(err);
  if (consistency === 'none' || (code !== 'NoSuchEntity' && code !== 'NoSuchEntityException')) return false;
  const message = errorMessage(err);
  // A fresh policy is named in the message; a user's wrong ManagedPolicyArns entry is not fresh and fails at once.
  if (consistency === 'fresh-policy') return /polic|role with name/i.test(message);
  return /role with name/i.test(message) || !/policy/i.test(message);
}

/** Lag answers seen for the entity in this invocation (or in this call, when the entity is not named). */
function spendLag(env: RetryEnv, entity: string | undefined, inThisCall: number): number {
  if (entity === undefined) return inThisCall;
  env.lagAnswers ??= new Map();
  const spent = (env.lagAnswers.get(entity) ?? 0) + 1;
  env.lagAnswers.set(entity, spent);
  return spent;
}

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)). */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

export async function withRetry<T>(
  env: RetryEnv,
  fn: () => Promise<T>,
  options: { consistency?: Consistency; phase?: 'forward' | 'undo'; policy?: RetryPolicy; entity?: string } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const phase = options.phase ?? 'forward';
  const consistency = options.consistency ?? 'none';
  let lagAnswers = 0;
  for (let attempt = 0; ; attempt++) {
    env.deadline.check(phase);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DeadlineError) throw err;
      if (!isRetryable(err, consistency) || attempt + 1 >= policy.maxAttempts) throw err;
      if (isLagCandidate(err, consistency) && spendLag(env, options.entity, ++lagAnswers) >= LAG_ATTEMPTS) throw err;
      const delay = backoffMs(attempt, policy, env.random);
      // Sleeping past the deadline would only turn this error into a timeout.
      if (delay >= env.deadline.remaining(phase)) throw err;
      await env.clock.sleep(delay);
    }
  }
}
