// One event's access to IAM: the client plus the retry environment bound to
// this event's deadline, and the identifiers every ARN is built from.
import type { IAMClient } from '@aws-sdk/client-iam';
import { PROVIDER_IAM_PATH } from '../../src/policy-engine/names';
import { errorCode } from '../errors';
import type { Owner } from '../ownership';
import { type Consistency, type RetryEnv, withRetry } from '../retry';

export interface IamSession {
  client: IAMClient;
  retry: RetryEnv;
  owner: Owner;
  partition: string;
  account: string;
}

export interface CallOptions {
  consistency?: Consistency;
  phase?: 'forward' | 'undo';
  /** The entity a NoSuchEntity would be about: its lag budget is shared by every call of this invocation. */
  entity?: string;
}

export function call<T>(s: IamSession, fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
  return withRetry(s.retry, fn, options);
}

export function isNoSuchEntity(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'NoSuchEntityException' || code === 'NoSuchEntity';
}

export function isAlreadyExists(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EntityAlreadyExistsException' || code === 'EntityAlreadyExists';
}

export function isDeleteConflict(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'DeleteConflictException' || code === 'DeleteConflict';
}

export function isLimitExceeded(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'LimitExceededException' || code === 'LimitExceeded';
}

export const roleEntity = (name: string): string => `role ${name}`;
export const policyEntity = (arn: string): string => `policy ${arn}`;

/** IAM path of the managed policies the provider owns: its own path, to which its execution role is scoped. */
export const OWNED_POLICY_PATH = PROVIDER_IAM_PATH;

export function ownedPolicyArn(s: IamSession, name: string): string {
  return `arn:${s.partition}:iam::${s.account}:policy${OWNED_POLICY_PATH}${name}`;
}

/** IAM returns policy documents URL-encoded. */
export function decodeDocument(doc: string | undefined): string {
  if (doc === undefined) return '';
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

/** Stable form of a policy document for comparison: key order and whitespace do not matter to IAM. */
export function canonicalDocument(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Follows IAM's Marker pagination; bounded so a misbehaving endpoint cannot loop forever. */
export async function paginate<T>(
  page: (marker: string | undefined) => Promise<{ items: T[]; marker?: string; truncated?: boolean }>,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await page(marker);
    all.push(...res.items);
    if (!res.truncated || !res.marker) return all;
    marker = res.marker;
  }
  return all;
}
