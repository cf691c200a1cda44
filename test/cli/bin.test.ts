import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFixture, files } from './support';

const BIN = join(__dirname, '..', '..', 'bin', 'sagemaker-persona-role.js');
const PROPS = engineFixture('data-scientist.properties.json');

function bin(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}

describe('bin/sagemaker-persona-role.js wires the process', () => {
  it('reads - from the process stdin and exits with diff\'s status', () => {
    // GIVEN the old properties in a file and new ones, with one more bucket, on stdin
    const changed = { ...(JSON.parse(readFileSync(PROPS, 'utf8')) as Record<string, unknown>), S3Buckets: ['team-a-data', 'team-a-models'] };
    const paths = files({ 'old.json': JSON.parse(readFileSync(PROPS, 'utf8')) as unknown });
    // WHEN diffed through the installed entry point
    const result = bin(['diff', paths['old.json'], '-', '--stack-name', 'old'], JSON.stringify(changed));
    // THEN exit 1 (a change) and the new bucket granted
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('+ arn:aws:s3:::team-a-models');
    // AND the same file on both sides is no change: exit 0
    expect(bin(['diff', PROPS, PROPS]).status).toBe(0);
  });

  it('prints --version and usage errors with their exit codes', () => {
    // GIVEN --version and an unknown option WHEN run THEN 0 with a version, 2 with JSON errors on stderr
    const version = bin(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const bad = bin(['plan', PROPS, '--json', '--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect((JSON.parse(bad.stderr) as { errors: { path: string }[] }).errors[0].path).toBe('--nope');
  });
});
