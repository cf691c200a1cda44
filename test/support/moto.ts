// A third-party IAM for the end-to-end test: moto's server (`moto_server`,
// Python), an independent implementation of IAM's Query API. `.ci/run` starts
// one and exports MOTO_ENDPOINT_URL; otherwise the test starts its own when
// `moto_server` is on the PATH. A recording proxy in front of it lists the IAM
// actions the provider sent, so "no-op update writes nothing" can be checked.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/** Account moto answers for: the examples' default account (moto reads MOTO_ACCOUNT_ID; .ci/run sets it). */
export const MOTO_ACCOUNT = process.env.MOTO_ACCOUNT_ID || '111122223333';

export function motoOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function post(url: string, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitUntilUp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await post(`${url}/moto-api/reset`);
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`moto_server at ${url} did not answer within ${timeoutMs} ms: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export interface Moto {
  /** The recording proxy's URL: point AWS_ENDPOINT_URL_IAM here. */
  url: string;
  /** IAM actions received since the last clear, in order. */
  actions: string[];
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  let child: ChildProcess | undefined;
  let upstream = process.env.MOTO_ENDPOINT_URL;
  if (!upstream) {
    const exe = motoOnPath();
    if (!exe) throw new Error('moto_server is not on the PATH');
    const port = await freePort();
    child = spawn(exe, ['-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, MOTO_ACCOUNT_ID: MOTO_ACCOUNT }, stdio: 'ignore' });
    upstream = `http://127.0.0.1:${port}`;
  }
  await waitUntilUp(upstream, 60_000);
  const target = new URL(upstream);
  const actions: string[] = [];
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action');
      if (action) actions.push(action);
      const forward = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', (err) => res.writeHead(502).end(String(err)));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    reset: async () => {
      await post(`${upstream}/moto-api/reset`);
      actions.length = 0;
    },
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => child?.once('exit', () => resolve()));
      }
    },
  };
}
