// The package version, read from our own package.json: found by walking up
// from this file, which is src/cli in the repository and dist/cli in the bundle.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'sagemaker-persona-role';

export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
      } catch {
        // not ours or unreadable: keep looking
      }
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
