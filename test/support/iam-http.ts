// IAM's Query protocol over HTTP on 127.0.0.1, answered by the same in-memory
// IAM as the mock-based tests (and CloudFormation's, by test/support/cfn-state.ts), so the built bundle runs its real SDK client
// (signing, serialization, error parsing) against IAM's rules.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeIam } from './iam-state';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const NUMERIC = new Set(['MaxSessionDuration', 'MaxItems']);
const BOOLEAN = new Set(['SetAsDefault']);

type Tree = Record<string, unknown>;

/** Query parameters (`Tags.member.1.Key=k`) to the SDK's input shape (`{ Tags: [{ Key: 'k' }] }`). */
export function parseQuery(body: string): { action: string; input: Tree } {
  const params = new URLSearchParams(body);
  const root: Tree = {};
  let action = '';
  for (const [key, value] of params) {
    if (key === 'Action') action = value;
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Tree = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      if (parts[i + 1] === 'member') {
        const index = Number(parts[i + 2]) - 1;
        const list = (node[part] ??= []) as unknown[];
        if (i + 3 === parts.length) {
          list[index] = value;
          break;
        }
        node = (list[index] ??= {}) as Tree;
        i += 2;
        continue;
      }
      if (last) node[part] = NUMERIC.has(part) ? Number(value) : BOOLEAN.has(part) ? value === 'true' : value;
      else node = (node[part] ??= {}) as Tree;
    }
  }
  return { action, input: root };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([k, v]) => k !== '$metadata' && v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** Anything that answers a Query-protocol action: the in-memory IAM, the CloudFormation stand-in. */
export interface QueryHandler {
  handle(action: string, input: Tree): Promise<unknown>;
}

export interface QueryEndpoint<F extends QueryHandler> {
  url: string;
  fake: F;
  close(): Promise<void>;
}

export type IamEndpoint = QueryEndpoint<FakeIam>;

export function startIamEndpoint(fake = new FakeIam()): Promise<IamEndpoint> {
  return startQueryEndpoint(fake, XMLNS);
}

/** An AWS Query-protocol service (IAM, CloudFormation) on 127.0.0.1, answered by a test double. */
export async function startQueryEndpoint<F extends QueryHandler>(fake: F, xmlns: string): Promise<QueryEndpoint<F>> {
  let requestCounter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = `e2e-${++requestCounter}`;
      const { action, input } = parseQuery(Buffer.concat(chunks).toString('utf8'));
      fake.handle(action, input).then(
        (output) => {
          const xml = `<${action}Response xmlns="${xmlns}"><${action}Result>${toXml(output)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
          res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
        },
        (err: { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string }) => {
          const status = err.$metadata?.httpStatusCode ?? 400;
          const code = (err.name ?? 'InternalFailure').replace(/Exception$/, '');
          const xml = `<ErrorResponse xmlns="${xmlns}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(err.message ?? '')}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
          res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RecordedPut {
  method: string;
  path: string;
  contentType: string | undefined;
  contentLength: string | undefined;
  body: string;
}

/** Stands in for CloudFormation's pre-signed ResponseURL: records each request. */
export async function startResponseServer(): Promise<{ url: string; puts: RecordedPut[]; close(): Promise<void> }> {
  const puts: RecordedPut[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      puts.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    puts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
