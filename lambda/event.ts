// Checks the parts of a custom-resource event the provider relies on, so a
// malformed event gets a FAILED answer naming the field instead of a crash.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { EventError } from './errors';

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface ProviderEvent {
  requestType: RequestType;
  responseUrl: string;
  stackId: string;
  requestId: string;
  logicalId: string;
  resourceType: string;
  physicalId?: string;
  properties: Record<string, unknown>;
  oldProperties?: Record<string, unknown>;
}

/** The fields needed to answer at all; undefined when there is no usable ResponseURL. */
export interface AnswerAddress {
  responseUrl: string;
  stackId: string;
  requestId: string;
  logicalId: string;
  physicalId?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function answerAddress(event: unknown): AnswerAddress | undefined {
  if (!isRecord(event)) return undefined;
  const responseUrl = str(event.ResponseURL);
  if (!responseUrl || !/^https?:\/\//i.test(responseUrl)) return undefined;
  return {
    responseUrl,
    stackId: str(event.StackId) ?? '',
    requestId: str(event.RequestId) ?? '',
    logicalId: str(event.LogicalResourceId) ?? '',
    physicalId: str(event.PhysicalResourceId),
  };
}

const REQUEST_TYPES: readonly string[] = ['Create', 'Update', 'Delete'];

export function parseEvent(event: CloudFormationCustomResourceEvent | unknown): ProviderEvent {
  if (!isRecord(event)) throw new EventError('event is not an object');
  const problems: string[] = [];
  const need = (key: string, pattern?: RegExp): string => {
    const value = str(event[key]);
    if (value === undefined || value === '') problems.push(`${key} is missing`);
    else if (pattern && !pattern.test(value)) problems.push(`${key} ${JSON.stringify(value.slice(0, 80))} is malformed`);
    return value ?? '';
  };
  const requestType = need('RequestType');
  if (requestType && !REQUEST_TYPES.includes(requestType)) {
    problems.push(`RequestType ${JSON.stringify(requestType.slice(0, 40))} is not one of Create, Update, Delete`);
  }
  const responseUrl = need('ResponseURL', /^https?:\/\//i);
  const stackId = need('StackId');
  const requestId = need('RequestId', /^[\x21-\x7e]{1,256}$/);
  const logicalId = need('LogicalResourceId', /^[A-Za-z0-9]{1,255}$/);
  const resourceType = need('ResourceType');
  let physicalId: string | undefined;
  if (requestType === 'Update' || requestType === 'Delete') physicalId = need('PhysicalResourceId', /^[\x21-\x7e]{1,1024}$/);
  const properties = event.ResourceProperties;
  if (!isRecord(properties)) problems.push('ResourceProperties is not an object');
  const oldProperties = event.OldResourceProperties;
  if (requestType === 'Update' && !isRecord(oldProperties)) problems.push('OldResourceProperties is not an object');
  if (problems.length) throw new EventError(`malformed event: ${problems.join('; ')}`);
  return {
    requestType: requestType as RequestType,
    responseUrl,
    stackId,
    requestId,
    logicalId,
    resourceType,
    physicalId,
    properties: properties as Record<string, unknown>,
    oldProperties: isRecord(oldProperties) ? oldProperties : undefined,
  };
}
