import { planRole, policyJson, QuotaError } from '../../src/policy-engine';
import { allStatements, context, dataScientistProps, documents, issuesOf, KEY_A, list, mlJobsProps } from './support/engine';

describe('planRole', () => {
  it('produces every documented field with defaults', () => {
    // GIVEN minimal properties WHEN planned
    const plan = planRole(mlJobsProps({ RoleNameSuffix: 'team-a' }), context());
    // THEN the plan has the documented shape
    expect(plan).toMatchObject({
      roleName: 'SageMaker-team-a',
      path: '/sagemaker-persona-role/', // the provider's path, user Path nested inside
      managedPolicyPath: '/sagemaker-persona-role/',
      maxSessionDuration: 3600,
      managedPolicyArns: [],
      tags: [],
      activities: ['ManageMLJobs'],
    });
    expect(plan.permissionsBoundary).toBeUndefined();
    expect(plan.inlinePolicies[0].name).toBe('SageMakerPersonaRole');
  });

  it('is byte-identical for the same input', () => {
    // GIVEN the same properties twice WHEN planned THEN the JSON is identical
    const props = dataScientistProps({ VpcSubnetIds: ['subnet-0123abcd'], DataKmsKeyArns: [KEY_A] });
    expect(JSON.stringify(planRole(props, context()))).toBe(JSON.stringify(planRole(structuredClone(props), context())));
  });

  it('is byte-identical for the same isolated input', () => {
    // GIVEN the same isolated properties twice (DataScientist's defaults include activities refused with UserIsolation)
    const props = dataScientistProps({
      Persona: 'Custom',
      Activities: ['RunStudioApps', 'ManageMLJobs', 'ManageExperiments', 'S3BucketAccess'],
      AthenaWorkgroups: [],
      GlueDatabases: [],
      VpcSubnetIds: ['subnet-0123abcd'],
      DataKmsKeyArns: [KEY_A],
      UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' },
    });
    // WHEN planned THEN the JSON is identical
    expect(JSON.stringify(planRole(props, context()))).toBe(JSON.stringify(planRole(structuredClone(props), context())));
  });

  it('trusts the union of the activities services, with SetSourceIdentity under ABAC', () => {
    // GIVEN user isolation WHEN planned
    const plan = planRole(mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456' } }), context());
    // THEN the trust policy names the service and both STS actions
    expect(plan.trustPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
    ]);
  });

  it('passes through boundary, managed policy ARNs, tags and settings', () => {
    // GIVEN every role setting WHEN planned
    const plan = planRole(
      mlJobsProps({
        Path: '/ml/',
        Description: 'Team A',
        MaxSessionDuration: 43200,
        PermissionsBoundary: 'arn:aws:iam::111122223333:policy/ml-boundary',
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess'],
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
      context(),
    );
    // THEN each appears as given
    expect(plan).toMatchObject({
      path: '/sagemaker-persona-role/ml/',
      description: 'Team A',
      maxSessionDuration: 43200,
      permissionsBoundary: 'arn:aws:iam::111122223333:policy/ml-boundary',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess'],
      tags: [{ Key: 'team', Value: 'a' }],
    });
  });

  const partitions: [string, string][] = [
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ];
  it.each(partitions)('scopes every ARN to partition %s', (partition, region) => {
    // GIVEN a role in another partition with a pass role there
    const props = mlJobsProps({ PassRoles: [`arn:${partition}:iam::111122223333:role/SageMaker-compute`] });
    // WHEN planned
    const plan = planRole(props, context({ partition, region }));
    // THEN every ARN in the policies is in that partition
    const arns = allStatements(plan).flatMap((s) => list(s.Resource)).filter((r) => r !== '*');
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(arn.startsWith(`arn:${partition}:`)).toBe(true);
  });

  it('refuses ARNs from another partition or a pass role from another account', () => {
    // GIVEN a commercial-partition key in a GovCloud role and a foreign pass role
    const props = mlJobsProps({ PassRoles: ['arn:aws-us-gov:iam::999999999999:role/x'], DataKmsKeyArns: [KEY_A] });
    // WHEN planned in aws-us-gov
    const issues = issuesOf(() => planRole(props, context({ partition: 'aws-us-gov', region: 'us-gov-west-1' })));
    // THEN both are named
    expect(issues.find((i) => i.path === 'PassRoles[0]')?.message).toContain('account 111122223333');
    expect(issues.find((i) => i.path === 'DataKmsKeyArns[0]')?.message).toContain('partition aws-us-gov');
  });

  const badContexts: [string, Record<string, string>][] = [
    ['partition', { partition: 'aws-iso' }],
    ['account', { account: '12345' }],
    ['region', { region: 'US_EAST_1' }],
  ];
  it.each(badContexts)('refuses a bad context %s', (field, change) => {
    // GIVEN a malformed context WHEN planned THEN a ValidationError names the field
    const issues = issuesOf(() => planRole(mlJobsProps(), context(change)));
    expect(issues[0].path).toBe(`(context) ${field}`);
  });

  it('refuses more ManagedPolicyArns than the attached-policy limit', () => {
    // GIVEN 3 policy ARNs and a limit of 2 WHEN planned THEN the property is named
    const arns = ['a', 'b', 'c'].map((n) => `arn:aws:iam::111122223333:policy/${n}`);
    const issues = issuesOf(() => planRole(mlJobsProps({ ManagedPolicyArns: arns }), context({ limits: { attachedPolicies: 2 } })));
    expect(issues[0]).toMatchObject({ path: 'ManagedPolicyArns', message: expect.stringContaining('at most 2') });
  });

  it('throws QuotaError when the permissions cannot fit the configured slots', () => {
    // GIVEN every DataScientist default and a tiny inline quota with no managed slots
    const ctx = context({ limits: { inlinePolicyChars: 2000, attachedPolicies: 1 } });
    const props = dataScientistProps({ ManagedPolicyArns: ['arn:aws:iam::111122223333:policy/x'] });
    // WHEN planned THEN the quota error says what to remove
    expect(() => planRole(props, ctx)).toThrow(QuotaError);
  });

  it('keeps every document within its quota for the DataScientist defaults with VPC and KMS', () => {
    // GIVEN the default persona with customization WHEN planned
    const plan = planRole(
      dataScientistProps({ VpcSubnetIds: ['subnet-0123abcd'], VpcSecurityGroupIds: ['sg-0123abcd'], DataKmsKeyArns: [KEY_A], VolumeKmsKeyArns: [KEY_A] }),
      context(),
    );
    // THEN inline ≤ 10,240 and each managed ≤ 6,144
    const [inline] = plan.inlinePolicies;
    expect(policyJson(inline.document).length).toBeLessThanOrEqual(10_240);
    for (const p of plan.managedPolicies) expect(policyJson(p.document).length).toBeLessThanOrEqual(6_144);
    expect(documents(plan).length).toBeGreaterThan(0);
  });
});
