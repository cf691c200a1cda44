// Regions: IAM roles are global, so one role can serve Studio domains and jobs
// in several regions of its partition. Every regional ARN and every
// region-dependent grant applies in exactly the listed regions.

import { parseProperties, planRole, roleName } from '../../src/policy-engine';
import { allStatements, context, dataScientistProps, issuesOf, KEY_A, list, mlJobsProps, PASS_ROLE } from './support/engine';

const ACCOUNT = '111122223333';

/** Every region named in a regional ARN of the plan (`arn:P:service:REGION:...`). */
function regionsInArns(raw: Record<string, unknown>, ctx = context()): string[] {
  const regions = new Set<string>();
  for (const s of allStatements(planRole(raw, ctx))) {
    for (const r of list(s.Resource)) {
      const region = r.split(':')[3];
      if (r.startsWith('arn:') && region) regions.add(region);
    }
  }
  return [...regions].sort();
}

function resources(raw: Record<string, unknown>, action: string, ctx = context()): string[] {
  return allStatements(planRole(raw, ctx))
    .filter((s) => list(s.Action).includes(action))
    .flatMap((s) => list(s.Resource))
    .sort();
}

describe('Regions: parsing', () => {
  it('defaults to the stack region', () => {
    // GIVEN no Regions WHEN planned in eu-west-1 THEN every regional ARN is in eu-west-1
    expect(parseProperties(mlJobsProps()).regions).toBeUndefined();
    expect(regionsInArns(mlJobsProps(), context({ region: 'eu-west-1' }))).toEqual(['eu-west-1']);
  });

  it('accepts region names and keeps their order irrelevant to the plan', () => {
    // GIVEN the same regions in two orders WHEN planned THEN the plans are byte-identical
    const a = planRole(mlJobsProps({ Regions: ['us-east-1', 'eu-west-1'] }), context());
    const b = planRole(mlJobsProps({ Regions: ['eu-west-1', 'us-east-1'] }), context());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  const refused: [string, unknown, RegExp][] = [
    ['an empty list', [], /at least one region; omit Regions/],
    ['not a list', 'us-east-1', /list of strings/],
    ['a malformed name', ['us-east'], /region name like us-east-1/],
    ['an availability zone', ['us-east-1a'], /availability zone; give its region us-east-1/],
    ['upper case', ['US-EAST-1'], /region name like us-east-1/],
    ['a wildcard', ['us-*'], /wildcards are refused/],
    ['a duplicate', ['us-east-1', 'us-east-1'], /listed twice/],
  ];
  it.each(refused)('refuses %s', (_name, value, message) => {
    // GIVEN a bad Regions value WHEN parsed THEN the issue names Regions, the value and what is allowed
    const issues = issuesOf(() => parseProperties(mlJobsProps({ Regions: value })));
    expect(issues).toEqual([expect.objectContaining({ path: expect.stringMatching(/^Regions/), message: expect.stringMatching(message) })]);
  });

  const otherPartition: [string, string, string][] = [
    ['aws', 'cn-north-1', 'aws-cn'],
    ['aws', 'us-gov-west-1', 'aws-us-gov'],
    ['aws-cn', 'us-east-1', 'aws'],
    ['aws-us-gov', 'eu-west-1', 'aws'],
  ];
  it.each(otherPartition)('a role in partition %s refuses region %s (partition %s)', (partition, region, theirs) => {
    // GIVEN a region of another partition WHEN planned THEN refused: a role is global only within its partition
    const home = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' }[partition]!;
    const issues = issuesOf(() =>
      planRole(mlJobsProps({ PassRoles: [`arn:${partition}:iam::${ACCOUNT}:role/SageMaker-compute`], Regions: [home, region] }), context({ partition, region: home })),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: 'Regions[1]', value: JSON.stringify(region), message: expect.stringContaining(`is in partition ${theirs}`) }),
    ]);
  });
});

describe('Regions: every regional grant in exactly the listed regions', () => {
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

  it('scopes every regional ARN to exactly the listed regions', () => {
    // GIVEN the DataScientist defaults in three regions WHEN planned THEN regional ARNs name exactly those
    expect(regionsInArns(dataScientistProps({ Regions: regions }))).toEqual([...regions].sort());
  });

  it('needs not include the stack region', () => {
    // GIVEN a stack in us-east-1 making a role used only in eu-west-1 THEN no us-east-1 ARN is granted
    expect(regionsInArns(mlJobsProps({ Regions: ['eu-west-1'] }))).toEqual(['eu-west-1']);
  });

  it('grants the same in each region as a single-region role of that region', () => {
    // GIVEN a role for two regions and one role per region
    const both = resources(mlJobsProps({ Regions: ['us-east-1', 'eu-west-1'] }), 'sagemaker:CreateTrainingJob');
    const east = resources(mlJobsProps(), 'sagemaker:CreateTrainingJob');
    const west = resources(mlJobsProps({ Regions: ['eu-west-1'] }), 'sagemaker:CreateTrainingJob');
    // THEN the two-region grant is exactly the union
    expect(both).toEqual([...east, ...west].sort());
  });

  it("SageMaker's default bucket of each region", () => {
    // GIVEN a Canvas role in two regions WHEN planned THEN the default bucket of both regions, no other
    const raw = { Persona: 'Custom', Activities: ['CanvasCoreAccess'], PassRoles: [PASS_ROLE], Regions: ['us-east-1', 'eu-west-1'] };
    const buckets = resources(raw, 's3:ListBucket').filter((r) => r.includes(':::sagemaker-'));
    expect(buckets).toEqual([`arn:aws:s3:::sagemaker-eu-west-1-${ACCOUNT}`, `arn:aws:s3:::sagemaker-us-east-1-${ACCOUNT}`]);
  });

  it('user-isolated statements check the user profile of the region the resource is in', () => {
    // GIVEN an isolated role in two regions WHEN planned
    const plan = planRole(mlJobsProps({ Regions: ['us-east-1', 'eu-west-1'], UserIsolation: { DomainId: 'd-abcdef123456' } }), context());
    // THEN each owner check names a user profile ARN of the same region as the statement's resources
    for (const s of allStatements(plan)) {
      const owner = s.Condition?.StringEquals?.['sagemaker:ResourceTag/sagemaker:user-profile-arn'];
      if (owner === undefined) continue;
      const ownerRegions = list(owner).map((o) => o.split(':')[3]);
      const resourceRegions = [...new Set(list(s.Resource).map((r) => r.split(':')[3]))];
      expect(resourceRegions).toEqual(ownerRegions);
    }
  });
});

describe('Regions: KMS keys and repositories must be usable in the listed regions', () => {
  it('refuses a KMS key of another region, naming the regions', () => {
    // GIVEN a key in eu-west-1 for a us-east-1 role WHEN planned THEN refused: every job using it would be denied
    const key = KEY_A.replace('us-east-1', 'eu-west-1');
    const issues = issuesOf(() => planRole(mlJobsProps({ VolumeKmsKeyArns: [key] }), context()));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'VolumeKmsKeyArns[0]', message: expect.stringMatching(/region eu-west-1\b.*Regions \(us-east-1\)/) }),
    ]);
  });

  it('accepts a key of any listed region', () => {
    // GIVEN keys in both listed regions WHEN planned THEN both are used
    const west = KEY_A.replace('us-east-1', 'eu-west-1');
    const raw = { Persona: 'ComputeRole', S3Buckets: ['team-a-data'], Regions: ['us-east-1', 'eu-west-1'], DataKmsKeyArns: [KEY_A, west] };
    const keys = allStatements(planRole(raw, context())).filter((s) => list(s.Action).includes('kms:Decrypt')).flatMap((s) => list(s.Resource));
    expect([...new Set(keys)].sort()).toEqual([west, KEY_A].sort());
  });

  it('lets the data keys be used through S3 of every listed region (kms:ViaService), and no other', () => {
    // GIVEN a compute role for two regions with a data key WHEN planned
    const raw = { Persona: 'ComputeRole', S3Buckets: ['team-a-data'], Regions: ['us-east-1', 'eu-west-1'], DataKmsKeyArns: [KEY_A] };
    const via = allStatements(planRole(raw, context()))
      .filter((s) => list(s.Action).includes('kms:Decrypt'))
      .flatMap((s) => list(s.Condition?.StringEquals?.['kms:ViaService'] ?? []));
    // THEN S3 of both regions, each once
    expect([...new Set(via)].sort()).toEqual(['s3.eu-west-1.amazonaws.com', 's3.us-east-1.amazonaws.com']);
  });

  it('refuses a repository ARN outside Regions and of another partition', () => {
    // GIVEN repository ARNs in another region and partition WHEN planned THEN each is refused by index
    const raw = {
      Persona: 'ComputeRole',
      S3Buckets: ['team-a-data'],
      EcrRepositories: ['arn:aws:ecr:eu-west-1:444455556666:repository/fraud/training', 'arn:aws-cn:ecr:cn-north-1:444455556666:repository/x1'],
    };
    const issues = issuesOf(() => planRole(raw, context()));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'EcrRepositories[0]', message: expect.stringMatching(/region eu-west-1\b.*Regions \(us-east-1\)/) }),
      expect.objectContaining({ path: 'EcrRepositories[1]', message: expect.stringContaining('partition aws') }),
    ]);
  });
});

describe('role names across regions', () => {
  it('a StackSet gives each region its own generated name', () => {
    // GIVEN the same stack name and logical id deployed by a StackSet in two regions (stack ids differ by region)
    const stack = (region: string) => ({
      path: '/',
      stackName: 'StackSet-ml-roles-0a1b2c3d',
      stackId: `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/StackSet-ml-roles-0a1b2c3d/6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f`,
      logicalId: 'DataScientistRole',
    });
    // THEN the generated role names differ, so the instances do not collide in the global IAM namespace
    expect(roleName(stack('us-east-1'))).not.toBe(roleName(stack('eu-west-1')));
  });
});
