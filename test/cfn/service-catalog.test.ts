// The Service Catalog product and portfolio refuse, before provisioning, what
// the provider would refuse or the administrator did not allow: the product's
// Rules agree with the engine on every persona/parameter combination, and the
// portfolio's template constraint pins the provider and the boundary and keeps
// an end user to the team's own roles and buckets.

import { join } from 'node:path';
import { parameterDefaults, resolveTemplate } from '../../src/cli/intrinsics';
import { planRole, ValidationError } from '../../src/policy-engine';
import { RESOURCE_TYPE } from '../../src/policy-engine/names';
import { TEST_ACCOUNT, TEST_PARTITION, TEST_REGION } from '../support/simulate';
import { failedRules, type ParameterValues, type RuleFailure } from './support/rules';
import { loadTemplate, type CfnTemplate } from './support/template';

const ROOT = join(__dirname, '../..');
const PRODUCT = loadTemplate(join(ROOT, 'cfn/service-catalog/product.yaml'));
const PORTFOLIO = loadTemplate(join(ROOT, 'cfn/service-catalog/portfolio.yaml'));
const BOUNDARY_ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/ml-guardrails/ml-persona-role-boundary`;
const pseudo = { partition: TEST_PARTITION, region: TEST_REGION, account: TEST_ACCOUNT, stackName: 'SC-111122223333-pp-abcdefghijklm' };

const role = (name: string): string => `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`;
/** A valid value for each list parameter of the product. */
const SAMPLE: Record<string, string> = {
  PassRoleArns: role('SageMaker-team-a-compute'),
  S3Buckets: 'team-a-data',
  EcrRepositories: 'team-a-images',
  AthenaWorkgroups: 'team-a',
  GlueDatabases: 'team_a',
  SubnetIds: 'subnet-0a1b2c3d4e5f60718',
  SecurityGroupIds: 'sg-0a1b2c3d4e5f60718',
  DataKmsKeyArns: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/0a1b2c3d-0000-4000-8000-000000000001`,
  VolumeKmsKeyArns: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/0a1b2c3d-0000-4000-8000-000000000002`,
};
const LISTS = Object.keys(SAMPLE);
const PERSONAS = (PRODUCT.Parameters?.Persona as { AllowedValues: string[] }).AllowedValues;

/**
 * Every Parameter's value as Rules see it: defaults, then `given`. CloudFormation hands an empty
 * CommaDelimitedList to Rules as one empty item; the rules must read a list without items the same.
 */
function ruleValues(template: CfnTemplate, given: Record<string, string>, empty: 'blank' | 'none'): ParameterValues {
  const values: Record<string, string | string[]> = Object.fromEntries(parameterDefaults(template));
  for (const [name, value] of Object.entries(given)) {
    const list = (template.Parameters?.[name] as { Type?: string } | undefined)?.Type === 'CommaDelimitedList';
    values[name] = list ? (value === '' ? [] : value.split(',')) : value;
  }
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value) && value.length === 0 && empty === 'blank') values[name] = [''];
  }
  return values;
}

/** The product's Rules for one request, checked to read both forms of an empty list alike. */
function productFailures(given: Record<string, string>): RuleFailure[] {
  const blank = failedRules(PRODUCT.Rules, ruleValues(PRODUCT, given, 'blank'));
  expect(failedRules(PRODUCT.Rules, ruleValues(PRODUCT, given, 'none'))).toEqual(blank);
  return blank;
}

/** What the provider would do with the request: the engine's verdict on the resolved properties. */
function engineVerdict(given: Record<string, string>): 'accepted' | string {
  const resolved = resolveTemplate(PRODUCT, {
    pseudo,
    parameters: given,
    importValue: (name) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`,
  });
  try {
    planRole(resolved.resources().PersonaRole.Properties, { ...pseudo, stackId: `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/x/y`, logicalId: 'PersonaRole' });
    return 'accepted';
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}

describe('service-catalog/product.yaml Rules', () => {
  // Every persona with every subset of list parameters filled in: 3 × 2^9 requests.
  const requests = PERSONAS.flatMap((persona) =>
    Array.from({ length: 2 ** LISTS.length }, (_, mask) => ({
      Persona: persona,
      TeamName: 'team-a',
      ...Object.fromEntries(LISTS.filter((_l, i) => mask & (1 << i)).map((l) => [l, SAMPLE[l]])),
    })),
  );

  // Judged once: both tests below read the same verdicts.
  let judged: { request: (typeof requests)[number]; rules: RuleFailure[]; engine: string }[] = [];
  beforeAll(() => {
    judged = requests.map((request) => ({ request, rules: productFailures(request), engine: engineVerdict(request) }));
  });

  it('refuse exactly the persona/parameter combinations the provider would refuse', () => {
    // GIVEN every request an end user could make WHEN the product's Rules and the engine judge it
    const disagreements = judged.filter(({ rules, engine }) => (rules.length === 0) !== (engine === 'accepted'));
    // THEN they agree on every one: nothing the provider refuses gets provisioned, nothing valid is refused
    expect(requests).toHaveLength(PERSONAS.length * 512);
    expect(disagreements).toEqual([]);
  });

  it("name the persona and what it needs in every refusal, and every list the engine complains about", () => {
    // GIVEN the refused requests
    for (const { request, rules: failures, engine } of judged) {
      if (failures.length === 0) continue;
      const text = failures.map((f) => f.description).join('\n');
      // THEN each message starts with the persona, and every list parameter the engine named is named too
      for (const f of failures) expect(f.description.startsWith(`${request.Persona} `)).toBe(true);
      const named = LISTS.filter((l) => engine.includes(productProperty(l)));
      for (const l of named) expect(text).toContain(l);
    }
  });

  it('refuse a DataScientist without compute roles with what it needs them for', () => {
    // GIVEN a DataScientist request that names no compute role
    const request = { Persona: 'DataScientist', TeamName: 'team-a', S3Buckets: 'team-a-data', AthenaWorkgroups: 'a', GlueDatabases: 'b' };
    // WHEN the Rules run THEN exactly one assertion fails, naming PassRoleArns and why
    expect(productFailures(request)).toEqual([{ rule: 'DataScientistNeeds', description: expect.stringMatching(/^DataScientist needs PassRoleArns: the compute roles/) }]);
  });

  it('give every role the persona permissions boundary', () => {
    // GIVEN a valid request WHEN resolved THEN PermissionsBoundary is the boundary policy of persona-boundary.yaml
    const resolved = resolveTemplate(PRODUCT, {
      pseudo,
      parameters: { Persona: 'ComputeRole', TeamName: 'team-a', S3Buckets: 'team-a-data' },
      importValue: (name) => `import:${name}`,
    });
    expect(resolved.resources().PersonaRole).toMatchObject({ Type: RESOURCE_TYPE, Properties: { PermissionsBoundary: BOUNDARY_ARN } });
  });
});

describe('service-catalog/portfolio.yaml guardrails (template constraint)', () => {
  function constraintRules(parameters: Record<string, string>): unknown {
    const resolved = resolveTemplate(PORTFOLIO, {
      pseudo: { ...pseudo, stackName: 'ml-portfolio-team-a' },
      parameters: { ProductTemplateUrl: 'https://bucket.s3.amazonaws.com/product.yaml', ...parameters },
      importValue: (name) => `import:${name}`,
      resourceValue: (id, attr) => `${id}.${attr ?? 'Ref'}`,
    });
    const constraint = resolved.resources().Guardrails;
    expect(constraint.Type).toBe('AWS::ServiceCatalog::LaunchTemplateConstraint');
    return (JSON.parse(constraint.Properties.Rules as string) as { Rules: unknown }).Rules;
  }

  /** Failures of the constraint for an end user's request (the product's own Rules aside). */
  function refusals(rules: unknown, request: Record<string, string>): string[] {
    const blank = failedRules(rules, ruleValues(PRODUCT, request, 'blank')).map((f) => f.description);
    expect(failedRules(rules, ruleValues(PRODUCT, request, 'none')).map((f) => f.description)).toEqual(blank);
    return blank;
  }

  const TEAM_A = {
    TeamName: 'team-a',
    TeamPassRoleArns: `${role('SageMaker-team-a-compute')},${role('SageMaker-team-a-eval')}`,
    TeamS3Buckets: 'team-a-data,team-a-models',
  };
  const valid = { Persona: 'MLOps', TeamName: 'team-a', PassRoleArns: role('SageMaker-team-a-compute'), S3Buckets: 'team-a-models' };

  it("accepts a request within the team's guardrails", () => {
    expect(refusals(constraintRules(TEAM_A), valid)).toEqual([]);
    expect(refusals(constraintRules(TEAM_A), { ...valid, PassRoleArns: '', S3Buckets: '' })).toEqual([]);
  });

  const attacks: [string, Record<string, string>, RegExp][] = [
    ['another team', { TeamName: 'team-b' }, /^TeamName must be team-a/],
    ["another team's compute role", { PassRoleArns: role('SageMaker-team-b-compute') }, /^PassRoleArns may only name the team's roles: .*SageMaker-team-a-compute/],
    ["the console's execution role next to the team's", { PassRoleArns: `${role('SageMaker-team-a-compute')},${role('service-role/AmazonSageMaker-ExecutionRole-1')}` }, /^PassRoleArns may only/],
    ["another team's bucket", { S3Buckets: 'team-a-data,team-b-data' }, /^S3Buckets may only name the team's buckets: team-a-data, team-a-models/],
    ['the CloudTrail bucket', { S3Buckets: 'aws-cloudtrail-logs-111122223333' }, /^S3Buckets may only/],
    ['a blank list item', { S3Buckets: 'team-a-data,' }, /^S3Buckets may only/],
    ['a provider without guardrails', { ProviderStackName: 'OpenProvider' }, /^ProviderStackName must be SageMakerPersonaRoleProvider/],
    ['another permissions boundary', { PermissionsBoundaryName: 'open-boundary' }, /^PermissionsBoundaryName and PermissionsBoundaryPath must be ml-persona-role-boundary and \/ml-guardrails\//],
    ['the boundary name under another path', { PermissionsBoundaryPath: '/team-a/' }, /^PermissionsBoundaryName and PermissionsBoundaryPath must be/],
  ];
  it.each(attacks)('refuses %s', (_name, change, message) => {
    // GIVEN the team's portfolio WHEN an end user's request strays THEN the constraint refuses it, saying what is allowed
    expect(refusals(constraintRules(TEAM_A), { ...valid, ...change })).toEqual([expect.stringMatching(message)]);
  });

  it('refuses a persona the administrator did not offer', () => {
    const rules = constraintRules({ ...TEAM_A, AllowedPersonas: 'DataScientist,MLOps' });
    expect(refusals(rules, { ...valid, Persona: 'ComputeRole', PassRoleArns: '' })).toEqual([
      'Persona must be one of DataScientist, MLOps: the personas this portfolio offers.',
    ]);
  });

  it('by default pins the provider and the boundary and leaves team, roles and buckets to the provider', () => {
    // GIVEN the portfolio with its defaults WHEN its constraint is read
    const rules = constraintRules({}) as Record<string, unknown>;
    // THEN only the default guardrails are there, and any team's request within them passes
    expect(Object.keys(rules)).toEqual(['Provider', 'Boundary', 'Personas']);
    expect(refusals(rules, { ...valid, TeamName: 'team-b', S3Buckets: 'team-b-data' })).toEqual([]);
  });

  it("pins the product's own defaults (a default launch passes)", () => {
    const rules = constraintRules({});
    expect(refusals(rules, { Persona: 'ComputeRole', TeamName: 'x', S3Buckets: 'b-1' })).toEqual([]);
    // and the names the portfolio pins are the product's parameter defaults
    const defaults = parameterDefaults(PRODUCT);
    const pinned = ['ProviderStackName', 'PermissionsBoundaryName', 'PermissionsBoundaryPath'];
    expect(pinned.map((p) => defaults.get(p))).toEqual(pinned.map((p) => parameterDefaults(PORTFOLIO).get(p)));
    // and they name the boundary persona-boundary.yaml creates by default
    const boundary = parameterDefaults(loadTemplate(join(ROOT, 'cfn/persona-boundary.yaml')));
    expect([boundary.get('PolicyName'), boundary.get('PolicyPath')]).toEqual([defaults.get('PermissionsBoundaryName'), defaults.get('PermissionsBoundaryPath')]);
  });
});

/** The resource property a product parameter feeds (names differ for three of them). */
function productProperty(parameter: string): string {
  const renamed: Record<string, string> = { PassRoleArns: 'PassRoles', SubnetIds: 'VpcSubnetIds', SecurityGroupIds: 'VpcSecurityGroupIds' };
  return renamed[parameter] ?? parameter;
}
