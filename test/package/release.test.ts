// `npm run release`: deploy-ready, versioned artifacts with checksums, built
// twice from the same sources to the same bytes (in two time zones, since a
// zip stores local time).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { loadTemplate } from '../cfn/support/template';

const ROOT = join(__dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function release(out: string, tz: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/release.mjs'), '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: tz },
  });
  if (result.status !== 0) throw new Error(`release failed: ${result.stderr}`);
}

function files(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under))
    .flatMap((name) => {
      const path = under ? `${under}/${name}` : name;
      return statSync(join(dir, path)).isDirectory() ? files(dir, path) : [path];
    })
    .sort();
}

describe('npm run release', () => {
  let first: string;
  let second: string;

  beforeAll(() => {
    first = mkdtempSync(join(tmpdir(), 'release-a-'));
    second = mkdtempSync(join(tmpdir(), 'release-b-'));
    release(first, 'UTC');
    release(second, 'Pacific/Kiritimati');
  }, 120_000);

  afterAll(() => {
    for (const dir of [first, second]) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the zip, the provider template, the Service Catalog templates and a checksum file', () => {
    // GIVEN a release directory THEN it holds exactly the deployable files
    expect(files(first)).toEqual(['SHA256SUMS', 'provider-lambda.zip', 'provider.yaml', 'service-catalog/portfolio.yaml', 'service-catalog/product.yaml']);
  });

  it('is reproducible: two builds from the same sources are the same bytes', () => {
    // GIVEN two releases built separately, in different time zones THEN every file is identical
    for (const f of files(first)) expect({ f, same: readFileSync(join(first, f)).equals(readFileSync(join(second, f))) }).toEqual({ f, same: true });
  });

  it('lists a SHA-256 of every other file, in sha256sum format', () => {
    // GIVEN the checksum file
    const lines = readFileSync(join(first, 'SHA256SUMS'), 'utf8').trimEnd().split('\n');
    // THEN each line is "<hex>  <path>" and matches the file's bytes
    const listed = lines.map((line) => {
      const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
      expect(m).not.toBeNull();
      expect(createHash('sha256').update(readFileSync(join(first, m![2]))).digest('hex')).toBe(m![1]);
      return m![2];
    });
    expect(listed).toEqual(files(first).filter((f) => f !== 'SHA256SUMS'));
  });

  it('zips the provider bundle the tests ran, as index.js, readable by a standard unzip', () => {
    // GIVEN the release zip, read with fflate's reader
    const entries = unzipSync(readFileSync(join(first, 'provider-lambda.zip')));
    // THEN it holds only index.js, byte for byte the bundle `npm test` built and ran
    expect(Object.keys(entries)).toEqual(['index.js']);
    expect(Buffer.from(entries['index.js']).equals(readFileSync(join(ROOT, 'dist/lambda/index.js')))).toBe(true);
  });

  it('provider.yaml reads the code from the per-region bucket and key prefix, and is otherwise cfn/provider.yaml', () => {
    // GIVEN the released and the source template
    const released = loadTemplate(join(first, 'provider.yaml'));
    const source = loadTemplate(join(ROOT, 'cfn/provider.yaml'));
    // THEN the function's code is the parameterized S3 location
    expect(released.Resources.ProviderFunction.Properties?.Code).toEqual({
      S3Bucket: { 'Fn::Sub': '${CodeBucketPrefix}-${AWS::Region}' },
      S3Key: { 'Fn::Sub': '${CodeKeyPrefix}provider-lambda.zip' },
    });
    // AND the key prefix defaults to where the README publishes this version; the bucket prefix must be given
    expect(released.Parameters?.CodeKeyPrefix?.Default).toBe(`sagemaker-persona-role/${VERSION}/`);
    expect(released.Parameters?.CodeBucketPrefix?.Default).toBeUndefined();
    // AND nothing else changed: same resources, outputs, conditions and the other parameters
    const withoutCode = (t: typeof source): unknown =>
      JSON.parse(JSON.stringify({ ...t, Metadata: undefined, Parameters: { ...t.Parameters, CodeBucketPrefix: undefined, CodeKeyPrefix: undefined } }, (key: string, value: unknown) => (key === 'Code' ? undefined : value)));
    expect(withoutCode(released)).toEqual(withoutCode(source));
    expect(released.Description).toContain(VERSION);
  });

  it('passes cfn-lint (which also checks every property against the resource specification)', () => {
    // GIVEN the released templates WHEN cfn-lint checks them THEN it reports nothing
    const lint = spawnSync('cfn-lint', [join(first, 'provider.yaml'), join(first, 'service-catalog/portfolio.yaml'), join(first, 'service-catalog/product.yaml')], { encoding: 'utf8' });
    expect(lint.error).toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });

  it('copies the Service Catalog templates unchanged', () => {
    for (const name of ['portfolio.yaml', 'product.yaml']) {
      expect(readFileSync(join(first, 'service-catalog', name), 'utf8')).toBe(readFileSync(join(ROOT, 'cfn/service-catalog', name), 'utf8'));
    }
  });

  it('refuses an unknown option', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/release.mjs'), '--outt', 'x'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/release: .*'--outt'/);
  });
});
