// The response PUT: body within 4,096 bytes without breaking JSON, empty
// Content-Type, exact Content-Length, retries on 5xx and network errors only.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpResponder, MAX_RESPONSE_BYTES, type ResponseBody, serializeResponse, truncateUtf8 } from '../../lambda/response';
import { VirtualClock } from '../support/provider-harness';

const BASE: ResponseBody = {
  Status: 'FAILED',
  PhysicalResourceId: 'SageMaker-team-a',
  StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/s/1',
  RequestId: 'req-1',
  LogicalResourceId: 'Role',
};

interface Received {
  method?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback server answering each request with the next status in the list. */
async function server(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      if (status === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/signed?X-Amz-Signature=x`,
    received,
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

describe('serializeResponse', () => {
  it.each([
    ['ASCII', 'x'.repeat(10_000)],
    ['multi-byte', '🦜'.repeat(5_000)],
    ['escape-heavy', '"\\\u0001'.repeat(3_000)],
    ['mixed', 'é"🦜\n'.repeat(2_000)],
  ])('shortens a long %s reason to fit 4,096 bytes as valid JSON', (_kind, reason) => {
    // GIVEN a reason far over the limit WHEN serialized
    const json = serializeResponse({ ...BASE, Reason: reason });
    // THEN it parses, fits, and keeps the start of the reason
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    const parsed = JSON.parse(json) as ResponseBody;
    expect(parsed.Reason?.endsWith('…')).toBe(true);
    expect(reason.startsWith(parsed.Reason?.slice(0, 20) ?? '-')).toBe(true);
    expect(parsed.PhysicalResourceId).toBe(BASE.PhysicalResourceId);
  });

  it('leaves a short body untouched', () => {
    // GIVEN a small success body WHEN serialized THEN it is plain JSON.stringify
    const body: ResponseBody = { ...BASE, Status: 'SUCCESS', Data: { Arn: 'arn:aws:iam::111122223333:role/x' } };
    expect(serializeResponse(body)).toBe(JSON.stringify(body));
  });

  it('never splits a character when truncating', () => {
    // GIVEN four-byte characters WHEN cut at an odd byte budget THEN only whole characters remain
    const cut = truncateUtf8('🦜🦜🦜', 9);
    expect(cut).toBe('🦜…');
  });

  it('drops oversized attributes with a note rather than exceeding the limit', () => {
    // GIVEN attributes alone over the limit WHEN serialized THEN they are omitted and the reason says so
    const json = serializeResponse({ ...BASE, Status: 'SUCCESS', Data: { ManagedPolicyNames: 'p,'.repeat(3_000) } });
    const parsed = JSON.parse(json) as ResponseBody;
    expect(parsed.Data).toBeUndefined();
    expect(parsed.Reason).toMatch(/attributes omitted/);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });
});

describe('httpResponder', () => {
  it('PUTs once with an empty Content-Type and the byte length of the body', async () => {
    // GIVEN a server that accepts
    const s = await server([200]);
    const body = serializeResponse({ ...BASE, Reason: 'é🦜' });
    // WHEN the response is sent
    await httpResponder({ clock: new VirtualClock() })(s.url, body);
    await s.close();
    // THEN exactly one PUT, headers as S3 pre-signed URLs require
    expect(s.received).toHaveLength(1);
    expect(s.received[0].method).toBe('PUT');
    expect(s.received[0].headers['content-type']).toBe('');
    expect(s.received[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(s.received[0].body).toBe(body);
  });

  it('retries 5xx and dropped connections, then succeeds', async () => {
    // GIVEN a server that fails twice (503, then a reset) before accepting
    const s = await server([503, 0, 200]);
    const clock = new VirtualClock();
    // WHEN the response is sent
    await httpResponder({ clock })(s.url, '{}');
    await s.close();
    // THEN three attempts, with backoff between them
    expect(s.received).toHaveLength(3);
    expect(clock.slept).toBeGreaterThan(0);
  });

  it('does not retry a 4xx (an expired or wrong signature stays wrong)', async () => {
    // GIVEN a server answering 403
    const s = await server([403]);
    // WHEN the response is sent THEN it rejects after one attempt
    await expect(httpResponder({ clock: new VirtualClock() })(s.url, '{}')).rejects.toThrow(/HTTP 403/);
    await s.close();
    expect(s.received).toHaveLength(1);
  });

  it('gives up after the configured attempts on persistent 5xx', async () => {
    // GIVEN a server always answering 500
    const s = await server([500]);
    // WHEN the response is sent THEN it rejects after 3 attempts
    await expect(httpResponder({ clock: new VirtualClock(), attempts: 3 })(s.url, '{}')).rejects.toThrow(/HTTP 500/);
    await s.close();
    expect(s.received).toHaveLength(3);
  });
});
