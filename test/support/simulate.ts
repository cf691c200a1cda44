// Policy-semantics test support: asks the IAM policy simulator whether a
// role's policies allow one request. Tests assert decisions, not JSON shapes,
// so a refactor that keeps the meaning keeps the tests green.
//
// @cloud-copilot/iam-simulate is AGPL-3.0: it is imported only from test/ and
// bench/, never from src/ or lambda/, so it never reaches the bundle.

import { runSimulation, type RunSimulationResults } from '@cloud-copilot/iam-simulate';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext, PolicyDocument, RolePlan, Statement } from '../../src/policy-engine/types';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export const TEST_PARTITION = 'aws';
export const TEST_REGION = 'us-east-1';
export const TEST_ACCOUNT = '111122223333';

export interface SimulationRequest {
  action: string;
  resource: string;
  /** Request context keys, e.g. `{ 'aws:SourceIdentity': 'alice' }`. */
  context?: Record<string, string | string[]>;
  /** Account that owns the resource; defaults to TEST_ACCOUNT. */
  account?: string;
  /**
   * Context keys the simulator may drop as "not applicable to this action".
   * By default a dropped key fails the simulation: a test whose context is
   * silently ignored would pass or fail for the wrong reason.
   */
  allowIgnoredContextKeys?: readonly string[];
  /**
   * The resource's own policy, for services that require one (a KMS key
   * policy: without a statement delegating to IAM, no identity policy counts).
   */
  resourcePolicy?: Readonly<Record<string, unknown>>;
  /** Principal making the request; defaults to a session of the role under test. */
  principal?: string;
}

export interface SimulationOptions {
  /** Permissions boundary policies of the principal (none by default). */
  permissionBoundaries?: readonly PolicyDocument[];
}

/** The session of the role under test, as SageMaker assumes it. */
const PRINCIPAL = `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/SageMaker-under-test/SageMaker`;

/**
 * Decision of IAM for one request made by a principal whose identity policies
 * are `policies` (same account, no SCPs, no resource policy).
 * Throws when the simulator rejects the input (bad policy, unknown action,
 * resource ARN of the wrong type), so a typo never reads as a deny.
 */
export async function simulate(
  policies: readonly PolicyDocument[],
  request: SimulationRequest,
  options: SimulationOptions = {},
): Promise<Decision> {
  const result = await runSimulation(
    {
      identityPolicies: policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      permissionBoundaryPolicies: options.permissionBoundaries?.map((policy, i) => ({ name: `boundary-${i}`, policy })),
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
      request: {
        principal: request.principal ?? PRINCIPAL,
        action: request.action,
        resource: { resource: request.resource, accountId: request.account ?? TEST_ACCOUNT },
        contextVariables: { ...request.context },
      },
    },
    { simulationMode: 'Strict' },
  );
  checkIgnoredKeys(result, request);
  if (result.resultType === 'error') {
    throw new Error(`simulation of ${request.action} on ${request.resource} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

function checkIgnoredKeys(result: RunSimulationResults, request: SimulationRequest): void {
  if (result.resultType === 'error') return;
  const perResource = result.resultType === 'single' ? [result.result] : result.results;
  const allowed = new Set(request.allowIgnoredContextKeys ?? []);
  const ignored = perResource.flatMap((r) => r.ignoredContextKeys ?? []).filter((k) => !allowed.has(k));
  if (ignored.length > 0) {
    throw new Error(
      `the simulator ignored context keys ${ignored.join(', ')} for ${request.action}: ` +
        'substitute them into the policy with substituteVariables() instead',
    );
  }
}

/** Where test roles live: every ARN a test names uses this partition, region and account. */
export const TEST_CONTEXT: PlanContext = {
  partition: TEST_PARTITION,
  region: TEST_REGION,
  account: TEST_ACCOUNT,
  stackName: 'ml-platform',
  stackId: `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/ml-platform/5f0c1a30-0000-4000-8000-000000000000`,
  logicalId: 'PersonaRole',
};

/** `arn:aws:sagemaker:us-east-1:111122223333:<resource>` in the test account. */
export function sagemakerArn(resource: string): string {
  return `arn:${TEST_PARTITION}:sagemaker:${TEST_REGION}:${TEST_ACCOUNT}:${resource}`;
}

/** A regional ARN of any service in the test account. */
export function regionalArn(service: string, resource: string): string {
  return `arn:${TEST_PARTITION}:${service}:${TEST_REGION}:${TEST_ACCOUNT}:${resource}`;
}

/** The documents the full engine (parse, customize, merge, pack) produces for these resource properties. */
export function policiesFor(properties: Readonly<Record<string, unknown>>, ctx: PlanContext = TEST_CONTEXT): PolicyDocument[] {
  return allPoliciesOf(planRole(properties, ctx));
}

/** One row of a decision table: a name for the test title, the request, the expected decision. */
export type DecisionCase = readonly [name: string, request: SimulationRequest, expected: Decision];

/** Every permission document of a plan: inline policies and the managed policies the provider creates. */
export function allPoliciesOf(plan: RolePlan): PolicyDocument[] {
  return [...plan.inlinePolicies, ...plan.managedPolicies].map((p) => p.document);
}

/** Wraps bare statements (e.g. an activity's specs before the engine renders them) in a document. */
export function documentOf(statements: readonly Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: [...statements] };
}

/**
 * Replaces `${name}` policy variables with fixed values throughout a document.
 *
 * Why: the simulator drops request context keys that its action data does not
 * list for the action (`sagemaker:DomainId` and `sagemaker:UserProfileName` are
 * such keys for most SageMaker actions), so a policy variable over them would
 * never resolve. Substituting the values the request would carry tests the same
 * decision IAM makes at request time.
 */
export function substituteVariables(doc: PolicyDocument, values: Readonly<Record<string, string>>): PolicyDocument {
  const replace = (text: string): string =>
    text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => (name in values ? values[name] : whole));
  return mapStrings(doc, replace) as PolicyDocument;
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

/**
 * substituteVariables, and conditions on the same keys decided for those
 * values: a `StringEquals` on one of them is dropped where it holds, and a
 * statement whose `StringEquals` cannot hold is dropped whole (IAM would never
 * match it). Why: the simulator drops `sagemaker:DomainId` from the request
 * context like the policy variables above, so a condition on it would always
 * deny. Any other operator on these keys throws, so no condition is skipped
 * unread.
 */
export function resolveDroppedContext(doc: PolicyDocument, values: Readonly<Record<string, string>>): PolicyDocument {
  const substituted = substituteVariables(doc, values);
  const statements: Statement[] = [];
  for (const statement of substituted.Statement) {
    let holds = true;
    const condition: Record<string, Record<string, string | string[]>> = {};
    for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
      const kept: Record<string, string | string[]> = {};
      for (const [key, expected] of Object.entries(entries)) {
        if (!(key in values)) {
          kept[key] = expected;
          continue;
        }
        if (operator !== 'StringEquals') throw new Error(`resolveDroppedContext: ${operator} on ${key} is not supported`);
        holds &&= (typeof expected === 'string' ? [expected] : expected).includes(values[key]);
      }
      if (Object.keys(kept).length > 0) condition[operator] = kept;
    }
    if (!holds) continue;
    const { Condition: _dropped, ...rest } = statement;
    statements.push(Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest);
  }
  return { ...substituted, Statement: statements };
}
