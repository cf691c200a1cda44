// Synth needs the provider bundle (dist/lambda/index.js). `npm test` builds it
// before jest; when a cdk test runs alone, build it here with the project's own
// build script, so the asset is the same bundle whatever the entry point.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { LAMBDA_BUNDLE_DIR } from '../../../cdk/lib';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export function ensureLambdaBundle(): void {
  if (existsSync(path.join(LAMBDA_BUNDLE_DIR, 'index.js'))) return;
  execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
}
