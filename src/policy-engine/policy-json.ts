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

