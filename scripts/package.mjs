// npm run package: builds the provider Lambda bundle, zips it, and writes a
// copy of cfn/provider.yaml whose Code points at the zip, ready for
//   aws cloudformation package --template-file dist/package/provider.yaml --s3-bucket BUCKET ...
//
// The zip is written here (deflate from node:zlib, CRC-32, the ZIP local and
// central headers) rather than by a dependency or the `zip` tool, so packaging
// works on any machine with Node and adds nothing to install. It is
// deterministic: the same bundle gives the same bytes (fixed timestamp, fixed
// permissions), so `aws cloudformation package`, which names the S3 object
// after the file's hash, re-uploads and updates the function only when the
// code really changed.
//
// Options: --out DIR (default dist/package), --skip-build (zip the existing dist/lambda).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'dist', 'lambda', 'index.js');
const TEMPLATE = join(ROOT, 'cfn', 'provider.yaml');
const ZIP_NAME = 'provider-lambda.zip';
/** The one line of cfn/provider.yaml that names the code; replaced by the zip. */
const CODE_LINE = /^(\s+Code:) \.\.\/dist\/lambda\s*$/m;

function parseArgs(argv) {
  const args = { out: join(ROOT, 'dist', 'package'), build: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--skip-build') args.build = false;
    else if (argv[i] === '--out' && argv[i + 1]) args.out = resolve(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; allowed: --out DIR, --skip-build`);
  }
  return args;
}

// ---- ZIP (APPNOTE 6.3.x, the subset Lambda needs: deflated files, no zip64) ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00 in MS-DOS format: the earliest date ZIP can hold, fixed so builds are reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
// Created on Unix (high byte 3), spec version 2.0; external attributes carry -rw-r--r--.
const VERSION_MADE_BY = (3 << 8) | 20;
const VERSION_NEEDED = 20;
const UNIX_FILE_MODE = 0o100644;
const DEFLATE = 8;
const UTF8_NAMES = 1 << 11;

/** @param {{ name: string, data: Buffer }[]} files */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    if (data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error(`${name}: too large for a zip without zip64`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(DEFLATE, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal attributes: all 0
    central.writeUInt32LE((UNIX_FILE_MODE << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// ---- packaging ----

function build() {
  const result = spawnSync(process.execPath, [join(ROOT, 'esbuild.config.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed; see the esbuild output above');
}

function packagedTemplate() {
  const text = readFileSync(TEMPLATE, 'utf8');
  if (!CODE_LINE.test(text)) {
    throw new Error(`${relative(ROOT, TEMPLATE)}: no "Code: ../dist/lambda" line to point at ${ZIP_NAME}`);
  }
  const header = `# Generated by npm run package from cfn/provider.yaml; Code points at ${ZIP_NAME} next to this file.\n`;
  return header + text.replace(CODE_LINE, `$1 ${ZIP_NAME}`);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) build();
  if (!existsSync(BUNDLE)) throw new Error(`${relative(ROOT, BUNDLE)} is missing; run npm run build (or drop --skip-build)`);
  const bundle = readFileSync(BUNDLE);
  const archive = zip([{ name: 'index.js', data: bundle }]);
  mkdirSync(args.out, { recursive: true });
  const zipPath = join(args.out, ZIP_NAME);
  const templatePath = join(args.out, 'provider.yaml');
  writeFileSync(zipPath, archive);
  writeFileSync(templatePath, packagedTemplate());
  const sha256 = createHash('sha256').update(archive).digest('base64');
  const out = relative(process.cwd(), args.out) || '.';
  process.stdout.write(
    [
      `bundle   ${relative(ROOT, BUNDLE)}  ${bundle.length} bytes`,
      `zip      ${relative(process.cwd(), zipPath)}  ${archive.length} bytes  (sha256 ${sha256})`,
      `template ${relative(process.cwd(), templatePath)}`,
      '',
      'Deploy:',
      `  aws cloudformation package --template-file ${out}/provider.yaml --s3-bucket YOUR_BUCKET --output-template-file ${out}/provider.packaged.yaml`,
      `  aws cloudformation deploy --template-file ${out}/provider.packaged.yaml --stack-name SageMakerPersonaRoleProvider --capabilities CAPABILITY_NAMED_IAM`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`package: ${error.message}\n`);
    process.exit(1);
  }
}
