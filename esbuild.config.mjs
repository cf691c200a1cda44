// Bundles the provider Lambda and the CLI. Run: node esbuild.config.mjs
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

const builds = [
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli/index.js' }),
];
if (existsSync('lambda/index.ts')) {
  builds.push(
    build({
      ...common,
      entryPoints: ['lambda/index.ts'],
      outfile: 'dist/lambda/index.js',
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
    }),
  );
}
await Promise.all(builds);
