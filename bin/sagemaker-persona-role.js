#!/usr/bin/env node
// Runs the bundled CLI, bundling it first when dist/ is missing or older than
// the sources, so `npx sagemaker-persona-role` and `npm start` work right after
// `npm ci` without a separate build step.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli', 'index.js');
const sourceDirs = [path.join(root, 'src')];

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(bundle)) return true;
  if (!sourceDirs.every((d) => fs.existsSync(d))) return false;
  const built = fs.statSync(bundle).mtimeMs;
  return sourceDirs.some((d) => newestSourceTime(d) > built);
}

if (isStale()) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    esbuild = undefined;
  }
  if (esbuild) {
    // Same options as esbuild.config.mjs for the CLI bundle.
    esbuild.buildSync({
      entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      legalComments: 'none',
      logLevel: 'warning',
    });
  } else if (!fs.existsSync(bundle)) {
    process.stderr.write('error: dist/cli/index.js is missing and esbuild is not installed; run `npm ci` then `npm run build`\n');
    process.exit(1);
  }
}

require(bundle);
