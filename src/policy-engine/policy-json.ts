// The one serialization of a policy document: minified JSON, exactly what is
// sent to IAM and what the quotas are counted against (IAM excludes whitespace,
// and minified JSON has none outside strings, which never contain any here).

import type { PolicyDocument } from './types';

export function policyJson<S>(doc: PolicyDocument<S>): string {
  return JSON.stringify(doc);
}

export function policyDocument<S>(statements: S[]): PolicyDocument<S> {
  return { Version: '2012-10-17', Statement: statements };
}

// Statements are immutable once merged; caching their JSON lets the merger's
// canonical sort and the packer's size counting serialize each one once.
const statementJsonCache = new WeakMap<object, string>();

/** Minified JSON of one statement, computed once per statement object. */
export function statementJson(statement: object): string {
  let json = statementJsonCache.get(statement);
  if (json === undefined) {
    json = JSON.stringify(statement);
    statementJsonCache.set(statement, json);
  }
  return json;
}
