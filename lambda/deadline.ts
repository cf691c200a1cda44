// The Lambda deadline in two steps. At the soft deadline forward work stops
// (no new create/update calls) so the failure path can undo what this event
// created; at the hard deadline the handler answers FAILED whatever is left,
// keeping enough time for the PUT to the ResponseURL.
import { DeadlineError } from './errors';

export interface Clock {
  now(): number;
  /** Resolves after ms. */
  sleep(ms: number): Promise<void>;
}

// Timers stay referenced: while the handler waits for a backoff, that timer may
// be the only thing keeping Node's event loop (and so the invocation) alive.
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DeadlineOptions {
  /** Reserved for the response PUT and its retries. */
  hardMarginMs: number;
  /** Reserved, before the hard margin, for undoing a half-done Create. */
  undoMarginMs: number;
}

export function marginsFor(remainingMs: number): DeadlineOptions {
  // Short deadlines (tests, tiny Lambda timeouts) get proportional margins.
  const hardMarginMs = Math.min(5_000, Math.floor(remainingMs * 0.1));
  const undoMarginMs = Math.min(20_000, Math.floor(remainingMs * 0.2));
  return { hardMarginMs, undoMarginMs };
}

export class Deadline {
  private currentStep = 'starting';
  private readonly hardAt: number;
  private readonly softAt: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly clock: Clock,
    remainingMs: number,
    options: DeadlineOptions = marginsFor(remainingMs),
  ) {
    const start = clock.now();
    this.hardAt = start + remainingMs - options.hardMarginMs;
    this.softAt = this.hardAt - options.undoMarginMs;
  }

  get step(): string {
    return this.currentStep;
  }

  /** Names what the work is doing, for the "timed out while ..." reason. */
  enter(step: string): void {
    this.currentStep = step;
  }

  /** Milliseconds left for forward work (undo gets the extra margin). */
  remaining(phase: 'forward' | 'undo' = 'forward'): number {
    return (phase === 'forward' ? this.softAt : this.hardAt) - this.clock.now();
  }

  private closed = false;

  /** Throws if no more work of this phase may start. */
  check(phase: 'forward' | 'undo' = 'forward'): void {
    if (this.closed || this.remaining(phase) <= 0) throw new DeadlineError(this.currentStep);
  }

  /**
   * The event has been answered: work still running (a branch left behind by
   * a timeout answer) may not start another call, so it cannot write after
   * CloudFormation has moved on to the next event.
   */
  close(): void {
    this.closed = true;
  }

  /** Resolves at the hard deadline with the step that was running; uses a real timer so it fires even if IAM hangs. */
  expiry(): Promise<string> {
    return new Promise((resolve) => {
      this.timer = setTimeout(() => resolve(this.currentStep), Math.max(0, this.hardAt - this.clock.now()));
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
