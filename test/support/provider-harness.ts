// One place that builds a provider handler over the fake IAM with a virtual
// clock, so tests and the bench drive the real pipeline without real time.
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler, type HandlerDeps } from '../../lambda/handler';
import type { Clock } from '../../lambda/deadline';
import { recordingResponder, lambdaContext, type Recorded } from './cfn-events';
import { installFakeIam, type InstalledFake } from './iam-fake';

/** A clock whose sleeps advance virtual time instantly. */
export class VirtualClock implements Clock {
  private t = 1_700_000_000_000;
  slept = 0;
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.t += ms;
    this.slept += ms;
  };
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness extends InstalledFake {
  clock: VirtualClock;
  responses: Recorded[];
  /** Runs one event without checking the answer count (for events that overlap others). */
  invoke(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<void>;
  /** Runs one event with the given remaining Lambda time (virtual) and returns its one answer. */
  send(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<Recorded>;
}

export function silentLogger(): Logger {
  return new Logger({ serviceName: 'test', logLevel: 'SILENT' });
}

export function createHarness(deps: Partial<HandlerDeps> = {}): Harness {
  const installed = installFakeIam();
  const clock = new VirtualClock();
  installed.fake.sleep = clock.sleep;
  const recorder = recordingResponder();
  const handler = createHandler({
    iam: installed.client,
    respond: recorder.respond,
    clock,
    random: () => 0.5,
    logger: silentLogger(),
    env: {},
    ...deps,
  });
  return {
    ...installed,
    clock,
    responses: recorder.responses,
    invoke: (event, remainingMs = 300_000) => handler(event, lambdaContext(remainingMs, clock.now)),
    async send(event, remainingMs = 300_000) {
      const before = recorder.responses.length;
      await handler(event, lambdaContext(remainingMs, clock.now));
      expect(recorder.responses.length).toBe(before + 1);
      return recorder.responses[recorder.responses.length - 1];
    },
  };
}
