// This package's root directory and version. The CDK layer runs from the
// source tree (cdk/lib) and from the published build (dist/lib/cdk/lib), so
// both are found by walking up to our own package.json rather than by a fixed
// relative path.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const PACKAGE_NAME = 'sagemaker-persona-role';

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

function findPackage(from: string): { root: string; version: string } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    const manifest = existsSync(file) ? readManifest(file) : undefined;
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') return { root: dir, version: manifest.version };
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${from}; the package is incomplete, reinstall it`);
  }
}

const found = findPackage(__dirname);

/** Directory holding this package's package.json (and dist/). */
export const PACKAGE_ROOT: string = found.root;
/** This package's version: the CDK construct sends it as CatalogVersion and names it in the provider's description. */
export const PACKAGE_VERSION: string = found.version;
