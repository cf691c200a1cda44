import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import type { RolePlan } from '../../src/policy-engine';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const PRODUCT = join(__dirname, '../../cfn/service-catalog/product.yaml');
const COMPUTE = 'arn:aws:iam::111122223333:role/SageMaker-ml-compute';

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

function plansOf(out: string): Record<string, RolePlan> {
  return JSON.parse(out) as Record<string, RolePlan>;
}

describe('plan --parameter', () => {
  it('evaluates Conditions with the Defaults: a role with a false Condition is not planned', () => {
    // GIVEN a template whose compute role exists only when WithCompute is true WHEN planned with its defaults
    const { code, out, err } = run('plan', fixture('conditional.yaml'), '--json');
    // THEN only the scientist role is planned, passing the existing role chosen by Fn::If
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const plans = plansOf(out);
    expect(Object.keys(plans)).toEqual(['ScientistRole']);
    expect(JSON.stringify(plans.ScientistRole)).toContain('arn:aws:iam::111122223333:role/existing');
  });

  it('overrides Defaults, which can turn a Condition on', () => {
    // GIVEN --parameter values for a Condition and a Sub WHEN planned
    const { code, out } = run('plan', fixture('conditional.yaml'), '--json', '--parameter', 'WithCompute=true', '--parameter=Team=team-b');
    // THEN both roles are planned and the scientist passes the template's own compute role
    expect(code).toBe(0);
    const plans = plansOf(out);
    expect(Object.keys(plans)).toEqual(['ComputeRole', 'ScientistRole']);
    expect(plans.ComputeRole.roleName).toBe('SageMaker-team-b-compute');
    expect(JSON.stringify(plans.ScientistRole)).toContain('arn:aws:iam::111122223333:role/sagemaker-persona-role/SageMaker-team-b-compute');
  });

  it('refuses --logical-id of a role whose Condition is false', () => {
    // GIVEN the compute role, not created with the defaults WHEN picked THEN exit 1 naming its Condition
    const { code, err } = run('plan', fixture('conditional.yaml'), '--logical-id', 'ComputeRole');
    expect(code).toBe(1);
    expect(err).toContain('--logical-id ComputeRole: its Condition CreateCompute is false');
  });

  it.each([
    [['--parameter', 'Teem=x'], 1, '--parameter: the template declares no Parameter Teem; its Parameters are WithCompute, Team'],
    [['--parameter', 'Team'], 2, '--parameter Team: expected Key=Value'],
    [['--parameter', '=x'], 2, '--parameter =x: expected Key=Value'],
    [['--parameter', 'Team=a', '--parameter', 'Team=b'], 2, '--parameter Team is given twice'],
  ])('refuses %j', (extra, expectedCode, message) => {
    // GIVEN a bad --parameter WHEN planned THEN the exit code and a message saying what is wrong
    const { code, err } = run('plan', fixture('conditional.yaml'), ...extra);
    expect(code).toBe(expectedCode);
    expect(err).toContain(message);
  });

  it('refuses --parameter with a properties file', () => {
    // GIVEN a properties file (no Parameters) WHEN planned with --parameter THEN a usage error
    const { code, err } = run('plan', fixture('data-scientist.properties.json'), '--parameter', 'A=b');
    expect(code).toBe(2);
    expect(err).toContain('--parameter, --resource-value and --import-value apply to templates');
  });
});

describe('plan cfn/service-catalog/product.yaml', () => {
  it('with its Defaults, names the Parameter that has none', () => {
    // GIVEN the product, whose TeamName has no Default WHEN planned without parameters
    const { code, err } = run('plan', PRODUCT);
    // THEN exit 1, naming the role, the property, the Parameter and the option that sets it
    expect(code).toBe(1);
    expect(err).toContain('error: PersonaRole: 3 values cannot be resolved offline:');
    expect(err).toContain('  - RoleNameSuffix uses ${TeamName} in Fn::Sub (a Parameter without a Default or a given value)');
    expect(err).toContain('  - Tags[0].Value uses Ref TeamName');
    expect(err).toContain('give it a value with --parameter TeamName=VALUE');
  });

  it('with TeamName only, the default persona reports the list parameters it needs (empty lists dropped by Fn::If)', () => {
    // GIVEN the default persona (DataScientist) and every list parameter at its empty Default WHEN planned
    const { code, err } = run('plan', PRODUCT, '--parameter', 'TeamName=ml');
    // THEN the engine reports the missing lists, not empty values: AWS::NoValue dropped the properties
    expect(code).toBe(1);
    expect(err).toContain('PassRoles: is required by activities');
    expect(err).toContain('S3Buckets: is required by activity S3BucketAccess');
    expect(err).not.toContain('[0]');
  });

  it.each([
    ['DataScientist', ['PassRoleArns=' + COMPUTE, 'S3Buckets=ml-data-111122223333', 'AthenaWorkgroups=ml', 'GlueDatabases=features'], 'SageMaker-ml-data-scientist'],
    ['MLOps', ['PassRoleArns=' + COMPUTE, 'S3Buckets=ml-models-111122223333,ml-data-111122223333'], 'SageMaker-ml-mlops'],
    ['ComputeRole', ['S3Buckets=ml-data-111122223333', 'SubnetIds=subnet-0a1b2c3d4e5f60718', 'SecurityGroupIds=sg-0123456789abcdef0'], 'SageMaker-ml-compute'],
  ])('plans the %s persona', (persona, lists, roleName) => {
    // GIVEN a request for one persona with the lists it needs
    const args = ['--parameter', `Persona=${persona}`, '--parameter', 'TeamName=ml', ...lists.flatMap((p) => ['--parameter', p])];
    // WHEN planned as JSON
    const { code, out, err } = run('plan', PRODUCT, '--json', ...args);
    // THEN the role is named by team and persona, described and tagged from the parameters
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const plan = plansOf(out).PersonaRole;
    expect(plan.roleName).toBe(roleName);
    expect(plan.description).toBe(`${persona} role of team ml (Service Catalog)`);
    expect(plan.tags).toEqual([
      { Key: 'provisioned-by', Value: 'service-catalog' },
      { Key: 'team', Value: 'ml' },
    ]);
  });

  it('the MLOps plan grants every bucket given as a comma-separated list', () => {
    // GIVEN two buckets in one --parameter WHEN planned THEN both are in the policies
    const { out } = run('plan', PRODUCT, '--json', '--parameter', 'Persona=MLOps', '--parameter', 'TeamName=ml',
      '--parameter', `PassRoleArns=${COMPUTE}`, '--parameter', 'S3Buckets=ml-models-111122223333, ml-data-111122223333');
    const text = JSON.stringify(plansOf(out).PersonaRole);
    expect(text).toContain('arn:aws:s3:::ml-models-111122223333');
    expect(text).toContain('arn:aws:s3:::ml-data-111122223333');
  });
});
