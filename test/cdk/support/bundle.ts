// Synth needs the provider bundle (dist/lambda/index.js). `npm test` builds it
// before jest; when a cdk test runs alone, build it here with the same settings
// as esbuild.config.mjs.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { LAMBDA_BUNDLE_DIR } from '../../../cdk/lib';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export function ensureLambdaBundle(): void {
  if (existsSync(path.join(LAMBDA_BUNDLE_DIR, 'index.js'))) return;
  buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['lambda/index.ts'],
    outfile: path.join(LAMBDA_BUNDLE_DIR, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
