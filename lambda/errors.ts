// Provider errors. Each message is written for the person reading the failed
// stack event: what happened, to which entity, and what to do about it.
import { PersonaRoleError } from '../src/policy-engine/errors';
import type { StackObservation } from './stack-confirmation';

export class ProviderError extends PersonaRoleError {}

/** The event itself is not a usable CloudFormation custom-resource event. */
export class EventError extends ProviderError {}

/** The provider stack is misconfigured (environment variables). */
export class ConfigError extends ProviderError {}

/** An entity exists under our name but does not carry our ownership tags. */
export class OwnershipError extends ProviderError {}

/** The Lambda deadline arrived before the work finished. */
export class DeadlineError extends ProviderError {
  constructor(readonly step: string) {
    super(`timed out while ${step}`);
  }
}

/** An IAM call failed for good (not retryable, or retries exhausted). */
export class IamCallError extends ProviderError {
  constructor(
    readonly operation: string,
    readonly code: string,
    detail: string,
    cause: unknown,
  ) {
    super(`IAM ${operation} failed (${code}): ${detail}`, { cause });
  }
}

/** Name of an SDK/service error, or 'Error' for anything else. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'name' in err && typeof err.name === 'string') return err.name;
  return 'Error';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function httpStatusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object' || !('$metadata' in err)) return undefined;
  const meta = (err as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return meta?.httpStatusCode;
}

/** CloudFormation did not confirm that it sent this event (or could not be asked); nothing was changed. */
export class UnconfirmedEventError extends ProviderError {
  /** What CloudFormation said, when it was asked and the stack's state ruled the event out. */
  observation?: StackObservation;
}
