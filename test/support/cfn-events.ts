// Builders for CloudFormation custom-resource events and a recording
// responder, so provider tests read as GIVEN an event / THEN one answer.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { RESOURCE_TYPE } from '../../src/policy-engine/names';
import type { ResponseBody, Responder } from '../../lambda/response';
import { FAKE_ACCOUNT } from './iam-state';

export const STACK_NAME = 'ml-platform';
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${FAKE_ACCOUNT}:stack/${STACK_NAME}/6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f`;
export const LOGICAL_ID = 'DataScientistRole';
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/signed?X-Amz-Signature=abc';
export const SERVICE_TOKEN = `arn:aws:lambda:us-east-1:${FAKE_ACCOUNT}:function:persona-role-provider`;

export type Props = Record<string, unknown>;

let requestCounter = 0;

export interface EventOptions {
  physicalId?: string;
  oldProps?: Props;
  requestId?: string;
  logicalId?: string;
  stackId?: string;
  responseUrl?: string;
}

/** A well-formed event as CloudFormation sends it (ServiceToken included in the properties). */
export function simulateEvent(type: 'Create' | 'Update' | 'Delete', props: Props, options: EventOptions = {}): CloudFormationCustomResourceEvent {
  requestCounter++;
  const base = {
    RequestType: type,
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: options.responseUrl ?? RESPONSE_URL,
    StackId: options.stackId ?? STACK_ID,
    RequestId: options.requestId ?? `req-${requestCounter}-0b1c2d3e`,
    LogicalResourceId: options.logicalId ?? LOGICAL_ID,
    ResourceType: RESOURCE_TYPE,
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props },
  };
  if (type === 'Create') return base as CloudFormationCustomResourceEvent;
  if (type === 'Delete') return { ...base, PhysicalResourceId: options.physicalId ?? '' } as CloudFormationCustomResourceEvent;
  return {
    ...base,
    PhysicalResourceId: options.physicalId ?? '',
    OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...(options.oldProps ?? {}) },
  } as CloudFormationCustomResourceEvent;
}

/** The parts of Lambda's context the provider reads: the deadline and its own function ARN. */
export function lambdaContext(remainingMs = 300_000, now: () => number = Date.now) {
  const end = now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - now(), invokedFunctionArn: SERVICE_TOKEN };
}

export interface Recorded {
  url: string;
  raw: string;
  body: ResponseBody;
}

/** Records every response instead of sending it. */
export function recordingResponder(): { respond: Responder; responses: Recorded[] } {
  const responses: Recorded[] = [];
  return {
    responses,
    respond: async (url, raw) => {
      responses.push({ url, raw, body: JSON.parse(raw) as ResponseBody });
    },
  };
}

/** The single response, asserting there was exactly one. */
export function onlyResponse(responses: Recorded[]): ResponseBody {
  expect(responses).toHaveLength(1);
  return responses[0].body;
}

export function expectSuccess(responses: Recorded[]): ResponseBody {
  const body = onlyResponse(responses);
  expect({ status: body.Status, reason: body.Reason }).toEqual({ status: 'SUCCESS', reason: undefined });
  return body;
}

export function expectFailed(responses: Recorded[], reason: RegExp): ResponseBody {
  const body = onlyResponse(responses);
  expect(body.Status).toBe('FAILED');
  expect(body.Reason).toMatch(reason);
  expect(Buffer.byteLength(responses[0].raw)).toBeLessThanOrEqual(4096);
  return body;
}
