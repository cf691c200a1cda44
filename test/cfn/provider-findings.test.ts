// Findings 3 and 4 of issue 8, case by case, against the execution role as
// cfn/provider.yaml deploys it (the CDK provider renders the same spec:
// provider-parity.test.ts), plus the binding of that role to its function.
// Each case is an attack that worked on the old role; each is now refused.
import { join } from 'node:path';
import { OwnershipTag, PROVIDER_IAM_PATH } from '../../src/policy-engine/names';
import type { PolicyDocument } from '../../src/policy-engine/types';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { expectFailed, simulateEvent } from '../support/cfn-events';
import { createHarness } from '../support/provider-harness';
import { OWNERSHIP, PROVIDER_STACK_ID, providerContext, type ProviderRequest } from '../support/provider-requests';
import { simulate, type Decision } from '../support/simulate';
import { loadTemplate, type JsonObject } from './support/template';

const ACCOUNT = '111122223333';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ml-boundary`;
const FENCE = PROVIDER_IAM_PATH.slice(1);
const role = (p: string) => `arn:aws:iam::${ACCOUNT}:role/${p}`;
const policy = (p: string) => `arn:aws:iam::${ACCOUNT}:policy/${p}`;
const TEAM_A_ROLE = role(`${FENCE}SageMaker-team-a`);
const TEAM_A_POLICY = policy(`${FENCE}SageMaker-team-a-data-scientist-1`);

function executionRole(parameters: Record<string, string>): PolicyDocument[] {
  const resources = resolveTemplate(loadTemplate(join(__dirname, '../../cfn/provider.yaml')), {
    pseudo: { partition: 'aws', region: 'us-east-1', account: ACCOUNT, stackName: 'SageMakerPersonaRoleProvider', stackId: PROVIDER_STACK_ID },
    parameters,
    resourceValue: (id, attr) => `arn:aws:fake:us-east-1:${ACCOUNT}:${id}/${attr ?? 'ref'}`,
  }).resources();
  return (resources.ProviderRole.Properties.Policies as { PolicyDocument: JsonObject }[]).map((p) => p.PolicyDocument as unknown as PolicyDocument);
}

interface Attack {
  name: string;
  action: string;
  resource: string;
  request?: ProviderRequest;
}

const NO_TAGS: ProviderRequest = { resourceTags: {} };

const FINDING_3: Attack[] = [
  {
    name: 'attach team A\'s overflow policy (where it used to live, at /) to team B\'s role',
    action: 'iam:AttachRolePolicy',
    resource: role(`${FENCE}SageMaker-team-b`),
    request: { extra: { 'iam:PolicyARN': policy('SageMaker-team-a-data-scientist-1'), 'iam:PermissionsBoundary': BOUNDARY } },
  },
  {
    name: 'attach team A\'s owned policy to a role outside the provider path',
    action: 'iam:AttachRolePolicy',
    resource: role('SageMaker-team-b'),
    request: { extra: { 'iam:PolicyARN': TEAM_A_POLICY, 'iam:PermissionsBoundary': BOUNDARY } },
  },
  {
    name: 'attach team A\'s owned policy to a role the provider did not create',
    action: 'iam:AttachRolePolicy',
    resource: role(`${FENCE}SageMaker-team-b`),
    request: { ...NO_TAGS, extra: { 'iam:PolicyARN': TEAM_A_POLICY, 'iam:PermissionsBoundary': BOUNDARY } },
  },
];

const FOREIGN_POLICY = policy('SageMaker-sso-admins');
const FOREIGN_ROLE = role('SageMaker-team-c');
const FINDING_4: Attack[] = [
  ...['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion'].flatMap((action) => [
    { name: `${action} on a customer policy named SageMaker-* attached to SSO groups`, action, resource: FOREIGN_POLICY, request: NO_TAGS },
    { name: `${action} on such a policy even if it copied the ownership tags`, action, resource: FOREIGN_POLICY },
    { name: `${action} on an untagged policy under the provider path`, action, resource: policy(`${FENCE}SageMaker-planted`), request: NO_TAGS },
  ]),
  { name: 'CreatePolicy without ownership tags', action: 'iam:CreatePolicy', resource: policy(`${FENCE}SageMaker-x-1`), request: { requestTags: { team: 'a' } } },
  { name: 'TagRole forging ownership onto a foreign untagged role', action: 'iam:TagRole', resource: FOREIGN_ROLE, request: { resourceTags: {}, requestTags: OWNERSHIP } },
  { name: 'TagRole with other keys on an untagged role under the provider path', action: 'iam:TagRole', resource: role(`${FENCE}SageMaker-planted`), request: { resourceTags: {}, requestTags: { team: 'x' } } },
  { name: 'TagRole rewriting the ownership of an owned role', action: 'iam:TagRole', resource: TEAM_A_ROLE, request: { requestTags: { [OwnershipTag.StackId]: 'arn:aws:cloudformation:us-east-1:111122223333:stack/attacker/1' } } },
  { name: 'UntagRole removing ownership from an owned role', action: 'iam:UntagRole', resource: TEAM_A_ROLE, request: { untagKeys: [OwnershipTag.LogicalId] } },
  { name: 'UntagRole on a foreign role', action: 'iam:UntagRole', resource: FOREIGN_ROLE, request: { resourceTags: { owner: 'x' }, untagKeys: ['owner'] } },
  ...['iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:DetachRolePolicy', 'iam:UpdateRole'].flatMap((action) => [
    { name: `${action} on a foreign SageMaker-* role`, action, resource: FOREIGN_ROLE, request: { ...NO_TAGS, extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
    { name: `${action} on a foreign role that copied the ownership tags`, action, resource: FOREIGN_ROLE, request: { extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
    { name: `${action} on an untagged role under the provider path`, action, resource: role(`${FENCE}SageMaker-planted`), request: { ...NO_TAGS, extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
  ]),
  { name: 'CreateRole outside the provider path', action: 'iam:CreateRole', resource: FOREIGN_ROLE, request: { extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
  { name: 'CreateRole without ownership tags', action: 'iam:CreateRole', resource: role(`${FENCE}SageMaker-x`), request: { requestTags: {}, extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
];

// What the lifecycle needs (provider-lifecycle-authz.test.ts runs it call by call), tried from another function.
const LIFECYCLE: Attack[] = [
  { name: 'CreateRole', action: 'iam:CreateRole', resource: TEAM_A_ROLE, request: { extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
  { name: 'PutRolePolicy', action: 'iam:PutRolePolicy', resource: TEAM_A_ROLE, request: { extra: { 'iam:PermissionsBoundary': BOUNDARY } } },
  { name: 'AttachRolePolicy', action: 'iam:AttachRolePolicy', resource: TEAM_A_ROLE, request: { extra: { 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': TEAM_A_POLICY } } },
  { name: 'DeleteRole', action: 'iam:DeleteRole', resource: TEAM_A_ROLE },
  { name: 'CreatePolicyVersion', action: 'iam:CreatePolicyVersion', resource: TEAM_A_POLICY },
  { name: 'DescribeStacks', action: 'cloudformation:DescribeStacks', resource: 'arn:aws:cloudformation:us-east-1:111122223333:stack/ml-platform/1' },
];

async function decide(policies: PolicyDocument[], a: Attack, request: ProviderRequest = a.request ?? {}): Promise<Decision> {
  const context = a.action.startsWith('iam:')
    ? await providerContext(a.action, request)
    : request.fromFunction === null
      ? {}
      : { 'lambda:SourceFunctionArn': request.fromFunction ?? `arn:aws:lambda:us-east-1:${ACCOUNT}:function:x` };
  return simulate(policies, { action: a.action, resource: a.resource, context });
}

describe.each([
  ['with PermissionsBoundaryArn', { PermissionsBoundaryArn: BOUNDARY }],
  ['with default parameters', {}],
])('the execution role %s', (_name, parameters: Record<string, string>) => {
  const policies = executionRole(parameters);

  it.each(FINDING_3)('finding 3: refuses to $name', async (a) => {
    expect(await decide(policies, a)).not.toBe('Allowed');
  });

  it.each(FINDING_4)('finding 4: refuses $name', async (a) => {
    expect(await decide(policies, a)).not.toBe('Allowed');
  });

  it.each(LIFECYCLE)('allows $name only to its own function', async (a) => {
    const own = a.action.startsWith('iam:') ? undefined : `arn:aws:lambda:us-east-1:${ACCOUNT}:function:persona-role-provider-${PROVIDER_STACK_ID.split('/')[2]}`;
    // GIVEN the call as the provider function makes it THEN allowed (so the denials below are about the caller)
    expect(await decide(policies, a, { ...a.request, ...(own ? { fromFunction: own } : {}) })).toBe('Allowed');
    // WHEN another function started with the same role (AmazonSageMakerPipelinesIntegrations lets users pass any role to Lambda) makes it
    expect(await decide(policies, a, { ...a.request, fromFunction: 'arn:aws:lambda:us-east-1:111122223333:function:sagemaker-pipeline-step' })).not.toBe('Allowed');
    // AND with the role's credentials outside any function
    expect(await decide(policies, a, { ...a.request, fromFunction: null })).not.toBe('Allowed');
  });
});

describe('IAM\'s tag-on-create gap, and what closes it', () => {
  it('stamping ownership onto an untagged role is possible only inside the provider\'s own path, where roles are the provider\'s (README: what remains)', async () => {
    const policies = executionRole({});
    const stamp = (resource: string) => decide(policies, { name: 'stamp', action: 'iam:TagRole', resource, request: { resourceTags: {}, requestTags: OWNERSHIP } });
    expect(await stamp(FOREIGN_ROLE)).not.toBe('Allowed');
    expect(await stamp(role(`ml/SageMaker-team-c`))).not.toBe('Allowed');
    expect(await stamp(role(`${FENCE}SageMaker-x`))).toBe('Allowed');
  });
});

describe('finding 3 in the provider', () => {
  it('refuses a template listing another role\'s owned policy before any IAM call', async () => {
    const h = createHarness();
    try {
      const res = await h.send(simulateEvent('Create', { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'team-b', PassRoles: [role('SageMaker-compute')], ManagedPolicyArns: [TEAM_A_POLICY] }));
      expectFailed([res], /ManagedPolicyArns\[0\].*belong to the provider/);
      expect(h.fake.calls).toEqual([]);
    } finally {
      h.restore();
    }
  });
});
