// `npm run package` writes a Lambda zip any unzip tool accepts (checked here
// with an independent reader: node:zlib's inflate and CRC-32), reproducibly,
// and a provider template that points at it and is otherwise cfn/provider.yaml.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { checkAgainstSpec } from './support/spec-check';
import { loadTemplate } from './support/template';

const ROOT = join(__dirname, '../..');
const BUNDLE = join(ROOT, 'dist/lambda/index.js');

interface ZipEntry {
  name: string;
  data: Buffer;
  crc: number;
  unixMode: number;
}

/** Reads a zip through its central directory (as unzip tools do), verifying sizes. */
function readZip(archive: Buffer): ZipEntry[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end-of-central-directory record');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const unixMode = archive.readUInt32LE(at + 38) >>> 16;
    const localOffset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (archive.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const raw = archive.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, header says ${size}`);
    entries.push({ name, data, crc, unixMode });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function runPackage(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run package', () => {
  let out: string;
  let again: string;

  beforeAll(() => {
    // `npm test` builds before jest; build here only when run alone, never over a bundle other suites may be reading.
    if (!existsSync(BUNDLE)) {
      const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.config.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    }
    out = mkdtempSync(join(tmpdir(), 'package-'));
    again = mkdtempSync(join(tmpdir(), 'package-again-'));
    for (const dir of [out, again]) {
      const result = runPackage(['--skip-build', '--out', dir]);
      if (result.status !== 0) throw new Error(`package failed: ${result.stderr}`);
    }
  });

  afterAll(() => {
    for (const dir of [out, again]) rmSync(dir, { recursive: true, force: true });
  });

  it('zips exactly the bundle as index.js, readable by a standard inflater', () => {
    // GIVEN the zip the script wrote
    const entries = readZip(readFileSync(join(out, 'provider-lambda.zip')));
    // THEN it holds one file, the handler module Lambda loads as index.handler, byte for byte
    expect(entries.map((e) => e.name)).toEqual(['index.js']);
    expect(entries[0].data.equals(readFileSync(BUNDLE))).toBe(true);
    expect(entries[0].crc).toBe(crc32(entries[0].data));
    expect(entries[0].unixMode.toString(8)).toBe('100644');
  });

  it('is reproducible, so an unchanged bundle never redeploys the function', () => {
    // GIVEN two runs over the same bundle THEN the archives are identical bytes
    expect(readFileSync(join(again, 'provider-lambda.zip')).equals(readFileSync(join(out, 'provider-lambda.zip')))).toBe(true);
  });

  it('writes cfn/provider.yaml with Code pointing at the zip, and nothing else changed', () => {
    // GIVEN the packaged template and the source template
    const packaged = loadTemplate(join(out, 'provider.yaml'));
    const source = loadTemplate(join(ROOT, 'cfn/provider.yaml'));
    // THEN only the function's Code differs, and it names the zip next to the template
    expect(packaged.Resources.ProviderFunction.Properties?.Code).toBe('provider-lambda.zip');
    const withoutCode = (t: typeof source): unknown =>
      JSON.parse(JSON.stringify(t, (key: string, value: unknown) => (key === 'Code' ? undefined : value)));
    expect(withoutCode(packaged)).toEqual(withoutCode(source));
    expect(() => checkAgainstSpec(packaged)).not.toThrow();
  });

  it('prints the deploy commands with CAPABILITY_NAMED_IAM', () => {
    // GIVEN a run's output THEN it tells the administrator the next two commands
    const result = runPackage(['--skip-build', '--out', out]);
    expect(result.stdout).toMatch(/aws cloudformation package --template-file .*provider\.yaml --s3-bucket/);
    expect(result.stdout).toMatch(/aws cloudformation deploy .*--capabilities CAPABILITY_NAMED_IAM/);
  });

  it('refuses an unknown option, naming it and the allowed ones', () => {
    // GIVEN a typo in an option WHEN the script runs THEN it fails before writing anything
    const result = runPackage(['--skip-biuld']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown option --skip-biuld; allowed: --out DIR, --skip-build/);
  });
});
