// The Lambda deployment zip: one file, index.js (the handler module Lambda
// loads as index.handler), written by fflate. Reproducible: a fixed timestamp
// (1980-01-01 00:00, the earliest a zip can hold, given as local time because
// zip stores local time, so every time zone writes the same bytes), fixed
// permissions (-rw-r--r--, Unix) and a fixed compression level, so the same
// bundle always gives the same bytes and an unchanged provider never redeploys.
import { zipSync } from 'fflate';

const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const REGULAR_FILE_RW_R_R = (0o100644 << 16) >>> 0;

/** @param {Uint8Array} bundle the bundled handler (dist/lambda/index.js) */
export function lambdaZip(bundle) {
  const entry = [new Uint8Array(bundle), { level: 9, mtime: ZIP_MTIME, os: UNIX, attrs: REGULAR_FILE_RW_R_R }];
  return Buffer.from(zipSync({ 'index.js': entry }));
}
