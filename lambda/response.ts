// The answer to CloudFormation: one PUT of a JSON body to the pre-signed
// ResponseURL. S3 pre-signed URLs want an empty Content-Type and an exact
// Content-Length; CloudFormation rejects bodies over 4,096 bytes.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Clock } from './deadline';

export const MAX_RESPONSE_BYTES = 4_096;

export interface ResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho?: boolean;
  Data?: Record<string, string>;
}

/** Sends one serialized body to the URL; resolves when delivered, rejects when it gave up. */
export type Responder = (url: string, body: string) => Promise<void>;

const ELLIPSIS = '…';

/** Cuts a string to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ELLIPSIS);
  if (budget <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + ELLIPSIS;
}

/**
 * JSON of the body within MAX_RESPONSE_BYTES: the Reason is shortened first;
 * attributes are dropped (with a note) only if they alone overflow; echoed ids
 * are cut last, which only happens for events that were malformed anyway.
 */
export function serializeResponse(body: ResponseBody): string {
  const json = JSON.stringify(body);
  if (Buffer.byteLength(json) <= MAX_RESPONSE_BYTES) return json;
  let current: ResponseBody = { ...body };
  if (current.Data && Buffer.byteLength(JSON.stringify({ ...current, Reason: '' })) > MAX_RESPONSE_BYTES) {
    current = { ...current, Data: undefined, Reason: `attributes omitted: over ${MAX_RESPONSE_BYTES} bytes. ${current.Reason ?? ''}` };
  }
  const fixed = ['PhysicalResourceId', 'StackId', 'RequestId', 'LogicalResourceId'] as const;
  if (Buffer.byteLength(JSON.stringify({ ...current, Reason: '' })) > MAX_RESPONSE_BYTES) {
    for (const key of fixed) current = { ...current, [key]: truncateUtf8(current[key], 512) };
  }
  // JSON escaping can grow a character up to 6 bytes (\uXXXX), so search for the
  // longest prefix whose serialized form fits instead of counting raw bytes.
  // More than 4,096 UTF-16 units can never fit, so cap the work for huge reasons.
  const reason = current.Reason ?? '';
  const complete = reason.length <= MAX_RESPONSE_BYTES;
  // Cutting inside a surrogate pair would leave half a character.
  const chars = Array.from(complete ? reason : reason.slice(0, MAX_RESPONSE_BYTES).replace(/[\ud800-\udbff]$/, ''));
  const withReason = (k: number) =>
    JSON.stringify({ ...current, Reason: k === chars.length && complete ? reason : chars.slice(0, k).join('') + ELLIPSIS });
  const fits = (k: number) => Buffer.byteLength(withReason(k)) <= MAX_RESPONSE_BYTES;
  if (fits(chars.length)) return withReason(chars.length);
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return withReason(lo);
}

export interface HttpResponderOptions {
  clock: Clock;
  /** Attempts in total, including the first. */
  attempts?: number;
  baseDelayMs?: number;
  /** Per-attempt socket timeout. */
  timeoutMs?: number;
}

class RetryableResponseError extends Error {}

function putOnce(url: URL, body: string, timeoutMs: number): Promise<void> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else if (status >= 500) reject(new RetryableResponseError(`response URL answered HTTP ${status}`));
          else reject(new Error(`response URL answered HTTP ${status}`));
        });
        res.on('error', (err) => reject(new RetryableResponseError(err.message)));
      },
    );
    req.on('timeout', () => req.destroy(new RetryableResponseError('response PUT timed out')));
    req.on('error', (err) => reject(err instanceof RetryableResponseError ? err : new RetryableResponseError(err.message)));
    req.end(body);
  });
}

export function httpResponder(options: HttpResponderOptions): Responder {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (rawUrl, body) => {
    const url = new URL(rawUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported response URL scheme ${url.protocol}`);
    for (let attempt = 1; ; attempt++) {
      try {
        return await putOnce(url, body, timeoutMs);
      } catch (err) {
        // A 4xx (expired or wrong signature) will not get better by retrying.
        if (!(err instanceof RetryableResponseError) || attempt >= attempts) throw err;
        await options.clock.sleep(base * 2 ** (attempt - 1));
      }
    }
  };
}
