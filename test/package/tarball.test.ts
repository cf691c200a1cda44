// The published package, tried as a new user would: `npm pack`, then install
// the tarball into an empty project with npm, offline, and use it from there:
// the CLI through npx, the engine API from CommonJS and ESM, and the CDK
// constructs from a type-checked TypeScript app that synthesizes.
//
// `npm test` builds dist/ (the same `npm run build` that `prepack` runs) before
// jest; this test packs with --ignore-scripts so it never rebuilds dist/ under
// the other suites, and checks that prepack is wired to that build instead.
//
// aws-cdk-lib and constructs are peer dependencies: the consuming project
// provides them. Here they are the repository's own installed copies, linked
// into the project, so the test needs no registry and no network.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
  files: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const BUILT = ['dist/lambda/index.js', 'dist/cli/index.js', 'dist/lib/src/policy-engine/index.js', 'dist/lib/cdk/lib/index.d.ts'];

/** The environment of a user's shell: none of the npm_* variables `npm test` sets (they would point npm at this repository). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toLowerCase().startsWith('npm_') || ['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'].includes(k.toLowerCase())) env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: { ...userEnv(), ...env }, encoding: 'utf8', timeout: 600_000 });
  if (result.error) throw result.error;
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return result.stdout;
}

const APP_TS = `
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Activity, Persona, SageMakerPersonaRole, type SageMakerPersonaRoleProps } from 'sagemaker-persona-role/cdk';

// The output directory comes from CDK_OUTDIR, as when the cdk CLI runs the app.
const app = new App();
const stack = new Stack(app, 'Consumer');
const data = s3.Bucket.fromBucketName(stack, 'Data', 'team-a-data');
const props: SageMakerPersonaRoleProps = { persona: 'ComputeRole', roleNameSuffix: 'team-a-compute', s3Buckets: [data] };
const compute = new SageMakerPersonaRole(stack, 'Compute', props);
const ds = new Persona(stack, 'DataScientist', {
  activities: [Activity.runStudioApps(stack, 'Studio'), Activity.manageJobs(stack, 'Jobs', { rolesToPass: [compute.role] })],
});
ds.createRole(stack, 'DataScientistRole', 'team-a-ds', 'Team A data scientists');
app.synth();
`;

// A persona typo must not compile: the types come with the package.
const TYPE_ERROR_TS = `
import { SageMakerPersonaRole } from 'sagemaker-persona-role/cdk';
import { Stack } from 'aws-cdk-lib';
new SageMakerPersonaRole(new Stack(), 'R', { persona: 'DataScientst' });
`;

const ENGINE_CJS = `
const { planRole, RESOURCE_TYPE } = require('sagemaker-persona-role');
const ctx = { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 's', stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/s/1', logicalId: 'Role' };
const plan = planRole({ Persona: 'ComputeRole', RoleNameSuffix: 'cjs', S3Buckets: ['team-a-data'] }, ctx);
console.log(JSON.stringify({ type: RESOURCE_TYPE, role: plan.roleName, inline: plan.inlinePolicies.length }));
`;

const ENGINE_MJS = `
import { planRole } from 'sagemaker-persona-role';
const ctx = { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 's', stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/s/1', logicalId: 'Role' };
console.log(planRole({ Persona: 'ComputeRole', RoleNameSuffix: 'esm', S3Buckets: ['team-a-data'] }, ctx).roleName);
`;

const TEMPLATE_YAML = `
Resources:
  Compute:
    Type: Custom::SageMakerPersonaRole
    Properties:
      ServiceToken: !ImportValue SageMakerPersonaRoleProvider-ServiceToken
      Persona: ComputeRole
      RoleNameSuffix: team-a-compute
      S3Buckets: [team-a-data]
`;

describe('the packed tarball, installed into a fresh project', () => {
  let work: string;
  let project: string;
  let tarball: string;
  let packedFiles: string[];

  beforeAll(() => {
    if (!BUILT.every((f) => existsSync(join(ROOT, f)))) ok(run('npm', ['run', 'build'], ROOT), 'npm run build');
    work = mkdtempSync(join(tmpdir(), 'tarball-'));
    const packed = JSON.parse(ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT), 'npm pack')) as [
      { filename: string; files: { path: string }[] },
    ];
    tarball = join(work, packed[0].filename);
    packedFiles = packed[0].files.map((f) => f.path).sort();

    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project), 'npm install --offline <tarball>');
    for (const peer of Object.keys(PACKAGE.peerDependencies ?? {})) {
      symlinkSync(join(ROOT, 'node_modules', peer), join(project, 'node_modules', peer), 'dir');
    }
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built package and nothing of the development tree', () => {
    // GIVEN the files npm packed
    // THEN the bundles, the library with its declarations and the documents are there
    for (const f of [...BUILT, 'dist/lib/src/policy-engine/index.d.ts', 'bin/sagemaker-persona-role.js', 'LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']) {
      expect(packedFiles).toContain(f);
    }
    // AND no tests, fixtures, TypeScript sources, templates, scripts or bench
    const unwanted = packedFiles.filter((f) => /^(test|src|lambda|cdk|cfn|scripts|bench|docs)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
    expect(unwanted).toEqual([]);
    expect(packedFiles.filter((f) => !/^(dist\/(cli|lambda|lib)\/|bin\/)/.test(f))).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    // AND the Lambda bundle is exactly the one the other suites tested, built by prepack in a real `npm pack`
    const installed = join(project, 'node_modules', PACKAGE.name);
    expect(readFileSync(join(installed, 'dist/lambda/index.js')).equals(readFileSync(join(ROOT, 'dist/lambda/index.js')))).toBe(true);
    expect(PACKAGE.scripts.prepack).toBe('npm run build');
    // AND TypeScript's legacy node10 resolution (no exports) finds the '/cdk' declarations through typesVersions
    expect(PACKAGE.typesVersions['*'].cdk).toEqual(['dist/lib/cdk/lib/index.d.ts']);
    expect(packedFiles).toContain(PACKAGE.typesVersions['*'].cdk[0]);
    expect(PACKAGE.scripts.build).toMatch(/esbuild\.config\.mjs.*tsc -p tsconfig\.lib\.json/);
  });

  it('installs with no dependency to fetch: the CLI and the Lambda are bundled, CDK comes from the project', () => {
    // GIVEN the installed project THEN npm added only our package (the peers are the project's links)
    expect(PACKAGE.dependencies ?? {}).toEqual({});
    expect(Object.keys(PACKAGE.peerDependencies ?? {}).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.')).sort()).toEqual(['aws-cdk-lib', 'constructs', PACKAGE.name]);
  });

  it('runs the CLI with npx: activities, plan of a template, --version', () => {
    // GIVEN a template in the user's project
    writeFileSync(join(project, 'roles.yaml'), TEMPLATE_YAML);
    // WHEN the user runs the commands through npx, offline
    const activities = ok(run('npx', ['--offline', 'sagemaker-persona-role', 'activities'], project), 'npx activities');
    const plan = ok(run('npx', ['--offline', 'sagemaker-persona-role', 'plan', 'roles.yaml', '--json'], project), 'npx plan');
    // THEN the catalog is listed and the template's role is planned
    expect(activities).toMatch(/^RunStudioApps\b/m);
    expect(plan).toContain('SageMaker-team-a-compute');
    const version = run('npx', ['--offline', 'sagemaker-persona-role', '--version'], project);
    if (version.status === 0) expect(version.stdout.trim()).toContain(PACKAGE.version);
  });

  it('offers the engine API to CommonJS and ESM', () => {
    // GIVEN scripts that import the package root
    writeFileSync(join(project, 'engine.cjs'), ENGINE_CJS);
    writeFileSync(join(project, 'engine.mjs'), ENGINE_MJS);
    // WHEN they run THEN planRole plans
    expect(JSON.parse(ok(run(process.execPath, ['engine.cjs'], project), 'engine.cjs'))).toEqual({
      type: 'Custom::SageMakerPersonaRole',
      role: 'SageMaker-cjs',
      inline: 1,
    });
    expect(ok(run(process.execPath, ['engine.mjs'], project), 'engine.mjs').trim()).toBe('SageMaker-esm');
  });

  it('type-checks and synthesizes a CDK app, whose provider ships the tested bundle byte for byte', () => {
    // GIVEN a TypeScript CDK app importing 'sagemaker-persona-role/cdk', and one with a typo
    writeFileSync(join(project, 'app.ts'), APP_TS);
    writeFileSync(join(project, 'typo.ts'), TYPE_ERROR_TS);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true, outDir: 'out', types: [] },
        files: ['app.ts', 'typo.ts'],
      }),
    );
    // WHEN it compiles with exports-aware resolution (one tsc run: aws-cdk-lib's types are large)
    const compiled = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    // THEN the app type-checks and only the wrong persona is an error
    const errors = compiled.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^typo\.ts.*"DataScientst"/);
    // WHEN the app synthesizes
    const outdir = join(project, 'cdk.out');
    ok(run(process.execPath, [join('out', 'app.js')], project, { CDK_OUTDIR: outdir }), 'synth');
    // THEN the template has both roles, with this version as CatalogVersion
    const template = JSON.parse(readFileSync(join(outdir, 'Consumer.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const roles = Object.values(template.Resources).filter((r) => r.Type === 'Custom::SageMakerPersonaRole');
    expect(roles.map((r) => r.Properties.RoleNameSuffix).sort()).toEqual(['team-a-compute', 'team-a-ds']);
    for (const r of roles) expect(r.Properties.CatalogVersion).toBe(PACKAGE.version);
    // AND the provider's code asset is the repository's tested bundle, unchanged
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    expect(readdirSync(join(outdir, assets[0]))).toEqual(['index.js']);
    expect(readFileSync(join(outdir, assets[0], 'index.js')).equals(readFileSync(join(ROOT, 'dist/lambda/index.js')))).toBe(true);
  });
});
