// A discrete-event clock: sleeps wait in a queue and virtual time jumps to the
// next wake-up once all runnable work has settled. Concurrent sleepers overlap
// as they would in real time, so latency and rate limits can be simulated
// (minutes of IAM throttling in milliseconds) without real waiting.
import type { Clock } from '../../lambda/deadline';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

export class SimClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake });
    });

  /** Drives virtual time until `work` settles; throws if it waits on something other than this clock. */
  async run<T>(work: Promise<T>, maxIdleTurns = 1_000): Promise<T> {
    let settled = false;
    const tracked = work.finally(() => {
      settled = true;
    });
    let idle = 0;
    while (!settled) {
      // Let every promise chain that can progress do so before time moves.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) break;
      if (this.timers.length === 0) {
        if (++idle > maxIdleTurns) throw new Error('simulation stalled: work waits on something other than the virtual clock');
        continue;
      }
      idle = 0;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0].at;
      this.t = Math.max(this.t, next);
      const due = this.timers.filter((x) => x.at <= this.t);
      this.timers = this.timers.filter((x) => x.at > this.t);
      for (const timer of due) timer.wake();
    }
    return tracked;
  }
}
