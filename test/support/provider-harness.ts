// One place that builds a provider handler over the fake IAM with a virtual
// clock, so tests and the bench drive the real pipeline without real time.
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler, type HandlerDeps } from '../../lambda/handler';
import type { Clock } from '../../lambda/deadline';
import { recordingResponder, lambdaContext, type Recorded } from './cfn-events';
import { FakeCloudFormation, installFakeCloudFormation } from './cfn-state';
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
  /** The CloudFormation stand-in the provider confirms events with; it follows the events `invoke`/`send` deliver. */
  cfn: FakeCloudFormation;
  /** Runs one event without checking the answer count (for events that overlap others). */
  invoke(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<void>;
  /** Runs one event that CloudFormation did not send: the stand-in's stacks stay as they are. */
  forge(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<void>;
  /** Runs one event with the given remaining Lambda time (virtual) and returns its one answer. */
  send(event: CloudFormationCustomResourceEvent, remainingMs?: number): Promise<Recorded>;
}

export function silentLogger(): Logger {
  return new Logger({ serviceName: 'test', logLevel: 'SILENT' });
}

/**
 * The real pipeline over the in-memory IAM, with event confirmation on: the
 * CloudFormation stand-in moves each delivered event's stack into the state
 * CloudFormation sends that event in (pass `cloudFormation` in deps to use another client).
 */
export function createHarness(deps: Partial<HandlerDeps> = {}): Harness {
  const installed = installFakeIam();
  const cfn = installFakeCloudFormation();
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
    cloudFormation: cfn.cfnClient,
    ...deps,
  });
  const deliver = async (event: CloudFormationCustomResourceEvent, remainingMs: number): Promise<void> => {
    cfn.cfn.expectEvent(event);
    const before = recorder.responses.length;
    await handler(event, lambdaContext(remainingMs, clock.now));
    for (const r of recorder.responses.slice(before)) cfn.cfn.observeAnswer(event, r.body);
  };
  return {
    ...installed,
    cfn: cfn.cfn,
    restore: () => {
      installed.restore();
      cfn.restoreCfn();
    },
    clock,
    responses: recorder.responses,
    invoke: (event, remainingMs = 300_000) => deliver(event, remainingMs),
    forge: (event, remainingMs = 300_000) => handler(event, lambdaContext(remainingMs, clock.now)),
    async send(event, remainingMs = 300_000) {
      const before = recorder.responses.length;
      await deliver(event, remainingMs);
      expect(recorder.responses.length).toBe(before + 1);
      return recorder.responses[recorder.responses.length - 1];
    },
  };
}
