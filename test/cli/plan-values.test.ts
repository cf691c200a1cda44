import type { RolePlan } from '../../src/policy-engine';
import { files, fixture, jsonErrors, run } from './support';

const TEMPLATE = fixture('references.yaml');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL_VALUES = [
  '--resource-value', 'DataBucket=team-a-data-111122223333',
  '--resource-value', 'Lake.Outputs.BucketName=team-a-lake',
  '--import-value', 'network-private-subnets=subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788',
  '--import-value', `shared-volume-key-arn=${KEY}`,
];

function plans(out: string): Record<string, RolePlan> {
  return JSON.parse(out) as Record<string, RolePlan>;
}

describe('plan: values known only once deployed', () => {
  it('reports every unresolved reference at once, each with the option that supplies it', () => {
    // GIVEN a template referring to a bucket, a nested stack output and two exports WHEN planned without values
    const { code, out, err } = run(['plan', TEMPLATE]);
    // THEN exit 1, and every reference of every role is named with its property and the option to give it
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('error: Compute: 2 values cannot be resolved offline:');
    expect(err).toContain('  - S3Buckets[0] uses Ref DataBucket (a resource, known once deployed), which cannot be resolved offline; give its value with --resource-value DataBucket=VALUE');
    expect(err).toContain('  - VpcSubnetIds uses Fn::ImportValue network-private-subnets, which cannot be resolved offline; give its value with --import-value network-private-subnets=VALUE');
    expect(err).toContain('  - S3Buckets[1] uses Fn::GetAtt Lake.Outputs.BucketName, which cannot be resolved offline; give its value with --resource-value Lake.Outputs.BucketName=VALUE');
    expect(err).toContain('  - VolumeKmsKeyArns[0] uses Fn::ImportValue shared-volume-key-arn');
  });

  it('says a role depends on an invalid role instead of calling its ARN unresolvable', () => {
    // GIVEN the scientist passes the compute role, whose values are missing WHEN planned as JSON
    const { code, err } = run(['plan', TEMPLATE, '--json']);
    // THEN the scientist's PassRoles names the dependency; every error has its template path
    expect(code).toBe(1);
    const { errors } = jsonErrors(err);
    expect(errors).toContainEqual({
      path: 'Resources.Scientist.Properties.PassRoles[0]',
      message: 'PassRoles[0] depends on Compute, which is invalid (see its errors)',
    });
    expect(errors.map((e) => e.path)).toEqual([
      'Resources.Compute.Properties.S3Buckets[0]',
      'Resources.Compute.Properties.VpcSubnetIds',
      'Resources.Scientist.Properties.PassRoles[0]',
      'Resources.Scientist.Properties.S3Buckets[0]',
      'Resources.Scientist.Properties.S3Buckets[1]',
      'Resources.Scientist.Properties.VolumeKmsKeyArns[0]',
    ]);
  });

  it('a role depending on a role with invalid properties says so too', () => {
    // GIVEN every value, but a bucket name the engine refuses WHEN planned
    const values = ALL_VALUES.map((v) => (v.startsWith('DataBucket=') ? 'DataBucket=Team_A' : v));
    const { code, err } = run(['plan', TEMPLATE, ...values]);
    // THEN the compute role's error, and the scientist's dependency on it
    expect(code).toBe(1);
    expect(err).toContain('error: Compute: 1 invalid property:\n  - S3Buckets[0]: "Team_A" is invalid');
    expect(err).toContain('error: Scientist: PassRoles[0] depends on Compute, which is invalid (see its errors)');
  });

  it('plans with --resource-value and --import-value', () => {
    // GIVEN a value for every reference WHEN planned
    const { code, out, err } = run(['plan', TEMPLATE, '--json', ...ALL_VALUES]);
    // THEN both roles plan with the given values in their grants and conditions
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const { Compute, Scientist } = plans(out);
    expect(JSON.stringify(Compute)).toContain('arn:aws:s3:::team-a-data-111122223333');
    expect(JSON.stringify(Compute)).toContain('subnet-0f1e2d3c4b5a69788');
    const scientist = JSON.stringify(Scientist);
    expect(scientist).toContain('arn:aws:s3:::team-a-lake');
    expect(scientist).toContain(KEY);
    // AND the scientist passes the compute role of the same template, by its planned ARN
    expect(scientist).toContain('arn:aws:iam::111122223333:role/sagemaker-persona-role/SageMaker-team-a-compute');
  });

  it('a given value wins over the one planned for a sibling role', () => {
    // GIVEN the compute role's ARN given explicitly WHEN planned THEN the scientist passes that ARN
    const other = 'arn:aws:iam::111122223333:role/SageMaker-elsewhere';
    const { out } = run(['plan', TEMPLATE, '--json', '--logical-id', 'Scientist', ...ALL_VALUES, '--resource-value', `Compute.Arn=${other}`]);
    expect(JSON.stringify(plans(out).Scientist)).toContain(other);
    expect(JSON.stringify(plans(out).Scientist)).not.toContain('SageMaker-team-a-compute');
  });

  it.each([
    [['--resource-value', 'Nope.Arn=x'], 1, '--resource-value Nope.Arn: the template has no resource Nope'],
    [['--resource-value', 'DataBucket=a', '--resource-value', 'DataBucket=b'], 2, '--resource-value DataBucket is given twice'],
    [['--import-value', '=x'], 2, '--import-value =x: expected Key=Value'],
  ])('refuses %j', (extra, expected, message) => {
    // GIVEN a bad value option WHEN planned THEN the exit code and what is wrong
    const { code, err } = run(['plan', TEMPLATE, ...extra]);
    expect(code).toBe(expected);
    expect(err).toContain(message);
  });
});

describe('plan: the summary lists what the role grants', () => {
  it('per activity: services, buckets, pass roles to services, KMS keys, VPC; quota use in words', () => {
    // GIVEN the template with every value WHEN planned for people
    const { code, out } = run(['plan', TEMPLATE, ...ALL_VALUES]);
    expect(code).toBe(0);
    const scientist = out.slice(out.indexOf('\nScientist'));
    // THEN each activity names its services and the resources it reaches
    expect(scientist).toMatch(/ManageMLJobs \([a-z, -]*\biam\b[a-z, -]*: \d+ actions\)\n\s+pass roles +arn:aws:iam::111122223333:role\/sagemaker-persona-role\/SageMaker-team-a-compute → sagemaker.amazonaws.com\n\s+KMS keys +arn:aws:kms:us-east-1:111122223333:key\/1234abcd/);
    expect(scientist).toMatch(/S3BucketAccess \(s3: \d+ actions\)\n\s+buckets +team-a-data-111122223333, team-a-lake/);
    const compute = out.slice(out.indexOf('\nCompute'), out.indexOf('\nScientist'));
    expect(compute).toMatch(/VPC +subnets subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788; security groups sg-0123456789abcdef0/);
    // AND the quota use is said plainly, not as a percentage alarm
    expect(out).toMatch(/Size +inline policy: [\d,]+ of 10,240 characters; no managed policies needed; 0 of 10 attached-policy slots/);
    expect(out).not.toMatch(/\d+%/);
  });
});

describe('plan: the summary names repositories, workgroups and databases', () => {
  it('lists them under the activity that grants them', () => {
    // GIVEN a compute role with ECR repositories and a role querying Athena
    const paths = files({
      'role.json': {
        Persona: 'Custom',
        Activities: ['AccessRequiredAwsServices', 'QueryAthenaWorkgroups'],
        S3Buckets: ['team-a-data'],
        EcrRepositories: ['team-a/training', 'team-a/inference'],
        AthenaWorkgroups: ['team-a-analytics'],
        GlueDatabases: ['team_a_features'],
      },
    });
    // WHEN planned for people
    const { code, out } = run(['plan', paths['role.json']]);
    // THEN each activity lists the named resources it reaches
    expect(code).toBe(0);
    expect(out).toMatch(/AccessRequiredAwsServices \([a-z0-9, -]*\becr\b[a-z0-9, -]*: \d+ actions\)\n(?:\s+\w[^\n]*\n)*?\s+repositories +team-a\/inference, team-a\/training\n/);
    expect(out).toMatch(/QueryAthenaWorkgroups \([a-z, -]*\bathena\b[a-z, -]*: \d+ actions\)\n(?:\s+\w[^\n]*\n)*?\s+workgroups +team-a-analytics\n\s+databases +team_a_features\n/);
  });
});
