// Retries of one IAM call: throttling, 5xx, network errors and IAM's eventual
// consistency, with exponential backoff and full jitter, never past the deadline.
import type { Clock, Deadline } from './deadline';
import { DeadlineError, errorCode, errorMessage, httpStatusOf } from './errors';

export interface RetryEnv {
  clock: Clock;
  random: () => number;
  deadline: Deadline;
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

// Attempts are generous because the deadline is the real bound: under heavy throttling
// (many roles created at once) a call may need many tries to get a slot.
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 100, capMs: 5_000, maxAttempts: 30 };

/** Which eventual-consistency errors a call may see right after the entity was created. */
export type Consistency = 'none' | 'fresh-role' | 'fresh-trust';

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
  if (consistency !== 'none' && (code === 'NoSuchEntity' || code === 'NoSuchEntityException')) {
    const message = errorMessage(err);
    return /role with name/i.test(message) || !/policy/i.test(message);
  }
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

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)). */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

export async function withRetry<T>(
  env: RetryEnv,
  fn: () => Promise<T>,
  options: { consistency?: Consistency; phase?: 'forward' | 'undo'; policy?: RetryPolicy } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const phase = options.phase ?? 'forward';
  for (let attempt = 0; ; attempt++) {
    env.deadline.check(phase);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DeadlineError) throw err;
      if (!isRetryable(err, options.consistency ?? 'none') || attempt + 1 >= policy.maxAttempts) throw err;
      const delay = backoffMs(attempt, policy, env.random);
      // Sleeping past the deadline would only turn this error into a timeout.
      if (delay >= env.deadline.remaining(phase)) throw err;
      await env.clock.sleep(delay);
    }
  }
}
