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
    }),
  );
}
await Promise.all(builds);
