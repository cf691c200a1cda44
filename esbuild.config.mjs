// Bundles the provider Lambda and the CLI. Run: node esbuild.config.mjs
// (npm run build). scripts/release.mjs imports lambdaBuildOptions to bundle the
// release's Lambda with exactly these settings.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

export const cliBuildOptions = { ...common, entryPoints: ['src/cli/main.ts'], outfile: join(ROOT, 'dist/cli/index.js') };

/** The provider bundle; `outfile` defaults to dist/lambda/index.js, the file the tests run and the package ships. */
export function lambdaBuildOptions(outfile = join(ROOT, 'dist/lambda/index.js')) {
  return {
    ...common,
    entryPoints: ['lambda/index.ts'],
    outfile,
    minify: true,
    metafile: true,
    // The SDK is bundled (version pinned by package-lock, not by the runtime).
    // Preferring the packages' ESM builds lets esbuild drop the ~160 IAM
    // commands the provider never sends: 637 KB -> 419 KB (see README,
    // provider section, for sizes and cold import times).
    mainFields: ['module', 'main'],
    // The SDK's default credential chain imports these lazily, only when no
    // credentials are in the environment; in Lambda they always are (the
    // function role's keys), so they are left out of the bundle (another
    // 130 KB). Outside Lambda they resolve from node_modules if present.
    external: [
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity',
      '@aws-sdk/credential-provider-http',
      '@aws-sdk/credential-provider-login',
      '@aws-sdk/nested-clients',
      '@aws-sdk/nested-clients/*',
      '@aws-sdk/token-providers',
      '@smithy/credential-provider-imds',
    ],
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const builds = [build(cliBuildOptions)];
  if (existsSync(join(ROOT, 'lambda/index.ts'))) builds.push(build(lambdaBuildOptions()));
  await Promise.all(builds);
}
