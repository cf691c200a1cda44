// Shared builders for the engine tests: a plan context, property sets and
// small lookups over rendered statements.

import {
  ValidationError,
  type PlanContext,
  type PolicyDocument,
  type RolePlan,
  type Statement,
} from '../../../src/policy-engine';
import { canonicalConditions } from '../../../src/policy-engine/conditions';

export const ACCOUNT = '111122223333';
export const PASS_ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMaker-compute`;
export const KEY_A = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY_B = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;

export function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    partition: 'aws',
    region: 'us-east-1',
    account: ACCOUNT,
    stackName: 'ml-platform',
    stackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/ml-platform/6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f`,
    logicalId: 'DataScientistRole',
    ...overrides,
  };
}

/** ManageMLJobs alone: the smallest valid property set. */
export function mlJobsProps(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Persona: 'Custom', Activities: ['ManageMLJobs'], PassRoles: [PASS_ROLE], ...extra };
}

/** Every parameter the DataScientist defaults need. */
export function dataScientistProps(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Persona: 'DataScientist',
    PassRoles: [PASS_ROLE],
    S3Buckets: ['team-a-data'],
    ...extra,
  };
}

/** Every (action, resource, condition) an allow-list of statements grants, de-duplicated and sorted. */
export function grants(statements: readonly Statement[]): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    const condition = JSON.stringify(canonicalConditions(s.Condition) ?? {});
    for (const action of list(s.Action)) for (const resource of list(s.Resource)) out.add(`${action} ${resource} ${condition}`);
  }
  return [...out].sort();
}

export function list(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

export function allStatements(plan: RolePlan): Statement[] {
  return [...plan.inlinePolicies, ...plan.managedPolicies].flatMap((p) => p.document.Statement);
}

/** Statements that allow `action` (exact name). */
export function statementsWith(statements: readonly Statement[], action: string): Statement[] {
  return statements.filter((s) => list(s.Action).includes(action));
}

export function documents(plan: RolePlan): PolicyDocument[] {
  return [...plan.inlinePolicies, ...plan.managedPolicies].map((p) => p.document);
}

/** The issues of the ValidationError `run` throws; fails the test if it throws anything else or nothing. */
export function issuesOf(run: () => unknown): { path: string; value?: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
