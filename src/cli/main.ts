// Entry point of the bundled CLI (dist/cli/index.js), required by bin/sagemaker-persona-role.js.

import { readFileSync } from 'node:fs';
import { runCli } from './run';

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  stdin: () => readFileSync(0, 'utf8'),
});
