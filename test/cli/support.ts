// Runs the CLI in-process (runCli) with captured output and an optional standard input.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function run(argv: string[], stdin?: string): CliResult {
  let out = '';
  let err = '';
  const code = runCli(argv, {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    stdin: () => {
      if (stdin === undefined) throw new Error('no standard input in this test');
      return stdin;
    },
  });
  return { code, out, err };
}

export const fixture = (name: string): string => join(__dirname, 'fixtures', name);
export const engineFixture = (name: string): string => join(__dirname, '..', 'engine', 'fixtures', name);

/** Writes documents (objects as JSON, strings as they are) into a fresh directory; returns their paths. */
export function files(documents: Record<string, unknown>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'persona-cli-'));
  const paths: Record<string, string> = {};
  for (const [name, doc] of Object.entries(documents)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  }
  return paths;
}

export interface JsonErrors {
  errors: { path: string; value?: string; message: string; file?: string }[];
}

export function jsonErrors(err: string): JsonErrors {
  return JSON.parse(err) as JsonErrors;
}
