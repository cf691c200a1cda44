// Every Custom::SageMakerPersonaRole in the examples plans through the engine
// by the same code path as `sagemaker-persona-role plan <file>` (the CLI's
// template reader and offline intrinsic resolution), and the Service Catalog
// product plans for each persona it offers. Assertions check what each example
// is there to show, not whole policies.

import { join } from 'node:path';
import { isTemplate, readDocument, rolesFromTemplate } from '../../src/cli/input';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { planRole, ValidationError, type PlanContext, type RolePlan, type Statement } from '../../src/policy-engine';
import { allPoliciesOf, simulate, substituteVariables, TEST_ACCOUNT, TEST_PARTITION, TEST_REGION } from '../support/simulate';
import { loadTemplate, templateFiles } from './support/template';
import { EXAMPLE_DOMAIN_ID, exampleResourceValues } from '../support/example-values';

const ROOT = join(__dirname, '../..');
const EXAMPLES = templateFiles(join(ROOT, 'cfn/examples'), ROOT);

function contextFor(stackName: string): Omit<PlanContext, 'logicalId'> {
  return {
    partition: TEST_PARTITION,
    region: TEST_REGION,
    account: TEST_ACCOUNT,
    stackName,
    stackId: `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/${stackName}/offline`,
  };
}

/** Plans every persona role of an example, as the `plan` command does. */
function planExample(file: string): Record<string, RolePlan> {
  const doc = readDocument(join(ROOT, file));
  if (!isTemplate(doc)) throw new Error(`${file} is not a template`);
  const ctx = contextFor('example');
  const plans: Record<string, RolePlan> = {};
  for (const role of rolesFromTemplate(doc, ctx, undefined, {}, { resources: exampleResourceValues(file) })) {
    if ('error' in role) throw new Error(`${file} ${role.logicalId}: ${role.error}`);
    plans[role.logicalId] = planRole(role.properties, { ...ctx, logicalId: role.logicalId });
  }
  return plans;
}

function statementsOf(plan: RolePlan): Statement[] {
  return allPoliciesOf(plan).flatMap((p) => p.Statement);
}

function passRoleTargets(plan: RolePlan): string[] {
  return statementsOf(plan)
    .filter((s) => [s.Action].flat().includes('iam:PassRole'))
    .flatMap((s) => [s.Resource].flat());
}

const roleArn = (plan: RolePlan): string => `arn:aws:iam::${TEST_ACCOUNT}:role${plan.path}${plan.roleName}`;

describe('example templates plan through the engine', () => {
  it.each(EXAMPLES)('%s: every persona role plans', (file) => {
    // GIVEN an example template WHEN each persona role is planned THEN none fails and each has permissions
    const plans = planExample(file);
    expect(Object.keys(plans).length).toBeGreaterThan(0);
    for (const plan of Object.values(plans)) expect(statementsOf(plan).length).toBeGreaterThan(0);
  });

  it('data-scientist.yaml: the persona defaults, VPC and KMS conditions, the team role name', () => {
    // GIVEN the DataScientist example
    const plan = planExample('cfn/examples/data-scientist.yaml').DataScientistRole;
    const conditionKeys = statementsOf(plan).flatMap((s) => Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c)));
    // THEN it is named after the team and pinned to its VPC and keys
    expect(plan.roleName).toBe('SageMaker-team-a-data-scientist');
    expect(plan.activities).toEqual(expect.arrayContaining(['RunStudioApps', 'ManageMLJobs', 'ManageExperiments', 'S3BucketAccess']));
    expect(conditionKeys).toEqual(
      expect.arrayContaining(['sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds', 'sagemaker:VolumeKmsKeyArn', 'sagemaker:OutputKmsKeyArn']),
    );
    // AND the role it passes is the compute role compute-role.yaml creates, at the provider's path (a path-less
    // ARN would name no role, so every job the data scientist starts would be denied)
    const compute = planExample('cfn/examples/compute-role.yaml').ComputeRole;
    expect(passRoleTargets(plan)).toEqual([roleArn(compute)]);
  });

  it('mlops.yaml: its default compute role is the one compute-role.yaml creates', () => {
    const compute = planExample('cfn/examples/compute-role.yaml').ComputeRole;
    expect(passRoleTargets(planExample('cfn/examples/mlops.yaml').MLOpsRole)).toEqual([roleArn(compute)]);
  });

  it('compute-role.yaml: the data scientist may pass exactly the compute role of the same template', () => {
    // GIVEN the template where PassRoles is !GetAtt ComputeRole.Arn
    const plans = planExample('cfn/examples/compute-role.yaml');
    // THEN the PassRole grant names the compute role's real ARN and nothing else
    expect(plans.ComputeRole.roleName).toBe('SageMaker-team-a-compute');
    expect(passRoleTargets(plans.DataScientistRole)).toEqual([roleArn(plans.ComputeRole)]);
    expect(passRoleTargets(plans.ComputeRole)).toEqual([]);
  });

  it('custom.yaml: exactly the hand-picked activities, under its path, with the boundary', () => {
    // GIVEN the Custom persona example
    const plan = planExample('cfn/examples/custom.yaml').AnalystRole;
    // THEN nothing beyond the listed activities, and no role can be passed
    expect(plan.activities).toEqual(['RunStudioApps', 'SearchVisualizeExperiments', 'S3BucketAccess', 'QueryAthenaWorkgroups', 'ManageGlueTables']);
    expect(plan.path).toBe('/sagemaker-persona-role/ml/analytics/'); // the user's Path, nested in the provider's
    expect(plan.permissionsBoundary).toBe(`arn:aws:iam::${TEST_ACCOUNT}:policy/ml-boundary`);
    expect(passRoleTargets(plan)).toEqual([]);
  });

  it('sagemaker-domain.yaml: both Studio roles pass the domain compute role', () => {
    // GIVEN the domain example with three persona roles
    const plans = planExample('cfn/examples/sagemaker-domain.yaml');
    // THEN the data scientist and MLOps roles pass only the compute role of the same template
    expect(passRoleTargets(plans.DataScientistRole)).toEqual([roleArn(plans.ComputeRole)]);
    expect([...new Set(passRoleTargets(plans.MLOpsRole))]).toEqual([roleArn(plans.ComputeRole)]);
  });
});

describe('abac-shared-domain.yaml: users of one shared role are isolated from each other', () => {
  const plans = planExample('cfn/examples/abac-shared-domain.yaml');
  const plan = plans.SharedExecutionRole;
  const bucket = 'shared-ml-platform-111122223333';
  const domain = EXAMPLE_DOMAIN_ID;
  // SageMaker sets the source identity to the user profile name (ExecutionRoleIdentityConfig=USER_PROFILE_NAME).
  const asAlice = allPoliciesOf(plan).map((d) => substituteVariables(d, { 'aws:SourceIdentity': 'alice' }));
  const cases = [
    { name: 'alice reads her own prefix', action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/studio/users/${domain}/alice/train.csv`, expected: 'Allowed' },
    { name: "alice cannot read bob's prefix", action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/studio/users/${domain}/bob/train.csv`, expected: 'ImplicitlyDenied' },
    {
      name: "alice cannot read the prefix of an alice of another domain",
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${bucket}/studio/users/d-0another0abc/alice/train.csv`,
      expected: 'ImplicitlyDenied',
    },
    {
      name: 'alice reads her own secret',
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:user-secrets/${domain}/alice/db-AbCdEf`,
      expected: 'Allowed',
    },
    {
      name: "alice cannot read bob's secret",
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:user-secrets/${domain}/bob/db-AbCdEf`,
      expected: 'ImplicitlyDenied',
    },
  ] as const;

  it('trusts SageMaker to set the source identity', () => {
    // GIVEN the shared role THEN its trust policy lets Studio stamp sessions with the user
    const actions = plan.trustPolicy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['sts:AssumeRole', 'sts:SetSourceIdentity']));
  });

  it.each(cases)('$name', async ({ action, resource, expected }) => {
    // GIVEN alice's session of the shared role WHEN she makes the request THEN IAM decides as expected
    expect(await simulate(asAlice, { action, resource })).toBe(expected);
  });

  // Jobs: each user passes only their own compute role, which reads only their own prefix.
  const computeRole = (user: 'alice' | 'bob') => roleArn(user === 'alice' ? plans.AliceComputeRole : plans.BobComputeRole);
  const userTag = 'iam:ResourceTag/sagemaker-persona-role:user-profile';

  it.each([
    ['her own compute role', 'alice', 'Allowed'],
    ["bob's compute role", 'bob', 'ImplicitlyDenied'],
  ] as const)('alice passes %s to a job only if it is tagged for her', async (_name, owner, expected) => {
    // GIVEN alice's session of the shared role WHEN she passes a compute role (tagged for its owner) to SageMaker
    const decision = await simulate(allPoliciesOf(plan), {
      action: 'iam:PassRole',
      resource: computeRole(owner),
      context: { 'aws:SourceIdentity': 'alice', 'iam:PassedToService': 'sagemaker.amazonaws.com', [userTag]: `${domain}/${owner}` },
    });
    // THEN only her own is passed
    expect(decision).toBe(expected);
  });

  it('tags each compute role for its user of the domain and scopes its data to that user', async () => {
    // GIVEN alice's compute role, as SageMaker assumes it for her job (no source identity)
    const alice = plans.AliceComputeRole;
    expect(alice.tags).toEqual(expect.arrayContaining([{ Key: 'sagemaker-persona-role:user-profile', Value: `${domain}/alice` }]));
    const read = (user: string) =>
      simulate(allPoliciesOf(alice), { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/studio/users/${domain}/${user}/train.csv` });
    // THEN her job reads her prefix and not bob's
    expect(await read('alice')).toBe('Allowed');
    expect(await read('bob')).toBe('ImplicitlyDenied');
  });

  it('sets the domain identity config the isolation depends on, and runs each profile as the shared role', () => {
    // GIVEN the example template
    const resources = loadTemplate(join(ROOT, 'cfn/examples/abac-shared-domain.yaml')).Resources;
    // THEN Studio passes the user profile name as source identity
    expect(resources.Domain.Properties?.DomainSettings).toMatchObject({ ExecutionRoleIdentityConfig: 'USER_PROFILE_NAME' });
    // AND the roles name the domain the template creates, so the domain's default cannot be the shared role (a cycle):
    // each profile sets it, and the default grants nothing
    for (const id of ['SharedExecutionRole', 'AliceComputeRole', 'BobComputeRole']) {
      expect((resources[id].Properties?.UserIsolation as Record<string, unknown>).DomainId).toEqual({ 'Fn::GetAtt': ['Domain', 'DomainId'] });
    }
    for (const id of ['AliceProfile', 'BobProfile']) {
      expect(resources[id].Properties?.UserSettings).toMatchObject({ ExecutionRole: { 'Fn::GetAtt': ['SharedExecutionRole', 'Arn'] } });
    }
    const fallback = resources.StudioDefaultRole;
    expect(resources.Domain.Properties?.DefaultUserSettings).toMatchObject({ ExecutionRole: { 'Fn::GetAtt': ['StudioDefaultRole', 'Arn'] } });
    expect(fallback.Type).toBe('AWS::IAM::Role');
    expect(Object.keys(fallback.Properties ?? {}).filter((k) => /Polic/.test(k) && k !== 'AssumeRolePolicyDocument')).toEqual([]);
  });
});

describe('service-catalog/product.yaml plans for every persona it offers', () => {
  const product = loadTemplate(join(ROOT, 'cfn/service-catalog/product.yaml'));
  const compute = `arn:aws:iam::${TEST_ACCOUNT}:role/SageMaker-ml-compute`;

  function planProduct(parameters: Record<string, string>): RolePlan {
    const ctx = contextFor('SC-111122223333-pp-abcdefghijklm');
    const evaluator = resolveTemplate(product, {
      pseudo: ctx,
      parameters,
      importValue: (name) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`,
    });
    // ServiceToken is resolved too: the engine ignores it, as the provider receives it.
    return planRole(evaluator.resources().PersonaRole.Properties, { ...ctx, logicalId: 'PersonaRole' });
  }

  const requests: { persona: string; parameters: Record<string, string>; roleName: string }[] = [
    {
      persona: 'DataScientist',
      parameters: { PassRoleArns: compute, S3Buckets: 'ml-data-111122223333', AthenaWorkgroups: 'ml', GlueDatabases: 'features' },
      roleName: 'SageMaker-ml-data-scientist',
    },
    { persona: 'MLOps', parameters: { PassRoleArns: compute, S3Buckets: 'ml-models-111122223333' }, roleName: 'SageMaker-ml-mlops' },
    {
      persona: 'ComputeRole',
      parameters: { S3Buckets: 'ml-data-111122223333', SubnetIds: 'subnet-0a1b2c3d4e5f60718', SecurityGroupIds: 'sg-0123456789abcdef0' },
      roleName: 'SageMaker-ml-compute',
    },
  ];
  it.each(requests)('$persona with only the parameters it needs', ({ persona, parameters, roleName }) => {
    // GIVEN an end user's request, every other list parameter left empty
    // WHEN the stack's properties are resolved and planned
    const plan = planProduct({ Persona: persona, TeamName: 'ml', ...parameters });
    // THEN the empty lists were dropped (the engine refuses unused parameters) and the role is named by team and persona
    expect(plan.roleName).toBe(roleName);
    expect(plan.tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'ml' }]));
  });

  it('a request missing what the persona needs fails naming the property', () => {
    // GIVEN a DataScientist request without buckets
    const request = { Persona: 'DataScientist', TeamName: 'ml', PassRoleArns: compute };
    // WHEN planned THEN the engine's error names S3Buckets
    expect(() => planProduct(request)).toThrow(ValidationError);
    expect(() => planProduct(request)).toThrow(/S3Buckets/);
  });

  it.each([
    [{ AthenaWorkgroups: 'ml', GlueDatabases: 'features' }, ['QueryAthenaWorkgroups', 'ManageGlueTables']],
    [{ GlueDatabases: 'features' }, ['ManageGlueTables']],
    [{}, []],
  ])('a DataScientist request with %j adds %j to the persona defaults', (analytics, added) => {
    // GIVEN a DataScientist request with or without Athena workgroups and Glue databases WHEN planned
    const plan = planProduct({ Persona: 'DataScientist', TeamName: 'ml', PassRoleArns: compute, S3Buckets: 'b-111122223333', ...analytics });
    // THEN exactly the matching activities join the defaults
    expect(plan.activities.filter((a) => ['QueryAthenaWorkgroups', 'ManageGlueTables'].includes(a)).sort()).toEqual([...added].sort());
    expect(plan.activities).toEqual(expect.arrayContaining(['RunStudioApps', 'ManageMLJobs', 'S3BucketAccess']));
  });
});
