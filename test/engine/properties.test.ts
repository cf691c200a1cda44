import { ACTIVITIES, isRefusal, OwnershipTag, parseProperties, type ActivityDefinition, type ParameterName } from '../../src/policy-engine';
import { dataScientistProps, issuesOf, KEY_A, mlJobsProps, PASS_ROLE } from './support/engine';

describe('parseProperties: accepted input', () => {
  it('accepts CloudFormation stringly scalars and ignores ServiceToken', () => {
    // GIVEN properties as CloudFormation sends them
    const raw = mlJobsProps({ ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:p', MaxSessionDuration: '7200' });
    // WHEN parsed
    const props = parseProperties(raw);
    // THEN the number is a number and nothing else changed
    expect(props.maxSessionDuration).toBe(7200);
    expect(props.activities).toEqual(['ManageMLJobs']);
    expect(props.params.PassRoles).toEqual([PASS_ROLE]);
  });

  it('fills documented defaults', () => {
    // GIVEN only the required properties WHEN parsed
    const props = parseProperties(mlJobsProps());
    // THEN path, session and description take their defaults
    expect(props.path).toBe('/');
    expect(props.maxSessionDuration).toBe(3600);
    expect(props.description).toBe('SageMaker Custom role created by Custom::SageMakerPersonaRole');
    expect(props.roleNameSuffix).toBeUndefined();
  });

  it('resolves the persona defaults in catalog order when Activities is omitted', () => {
    // GIVEN the DataScientist persona without Activities WHEN parsed
    const props = parseProperties(dataScientistProps());
    // THEN its defaults apply, flagged as such
    expect(props.activitiesFromPersona).toBe(true);
    expect(props.activities).toContain('ManageMLJobs');
    expect(props.activities).toContain('S3BucketAccess');
  });

  it('uses Activities as the exact list, in catalog order', () => {
    // GIVEN an explicit list in another order WHEN parsed
    const props = parseProperties({
      Persona: 'DataScientist',
      Activities: ['ManageExperiments', 'ManageMLJobs'],
      PassRoles: [PASS_ROLE],
    });
    // THEN exactly those, ordered like the catalog
    expect(props.activities).toEqual(['ManageMLJobs', 'ManageExperiments']);
  });

  it('sorts tags by key and reads UserIsolation', () => {
    // GIVEN tags out of order and user isolation WHEN parsed
    const props = parseProperties(
      mlJobsProps({ Tags: [{ Key: 'team', Value: 'a' }, { Key: 'cost center', Value: '42' }], UserIsolation: { DomainId: 'd-abcdef123456', SecretsPrefix: 'team-a' } }),
    );
    // THEN tags are sorted and the prefix kept
    expect(props.tags.map((t) => t.Key)).toEqual(['cost center', 'team']);
    expect(props.userIsolation).toEqual({ domainId: 'd-abcdef123456', secretsPrefix: 'team-a' });
  });
});

interface InvalidCase {
  name: string;
  raw: Record<string, unknown>;
  path: string;
  message: string;
}

const invalid: InvalidCase[] = [
  { name: 'missing persona', raw: { Activities: ['ManageMLJobs'], PassRoles: [PASS_ROLE] }, path: 'Persona', message: 'is required' },
  { name: 'misspelt persona', raw: mlJobsProps({ Persona: 'DataScientits' }), path: 'Persona', message: 'did you mean "DataScientist"' },
  { name: 'unknown property', raw: mlJobsProps({ S3Bucket: ['x'] }), path: 'S3Bucket', message: 'did you mean "S3Buckets"' },
  { name: 'unknown activity', raw: mlJobsProps({ Activities: ['ManageMLJob'] }), path: 'Activities[0]', message: 'did you mean "ManageMLJobs"' },
  { name: 'duplicate activity', raw: mlJobsProps({ Activities: ['ManageMLJobs', 'ManageMLJobs'] }), path: 'Activities[1]', message: 'listed twice' },
  { name: 'empty activities', raw: mlJobsProps({ Activities: [] }), path: 'Activities', message: 'at least one activity' },
  { name: 'custom without activities', raw: { Persona: 'Custom' }, path: 'Activities', message: 'required with persona Custom' },
  { name: 'missing required parameter', raw: { Persona: 'Custom', Activities: ['ManageMLJobs'] }, path: 'PassRoles', message: 'required by activity ManageMLJobs: give' },
  {
    name: 'missing parameter of a persona default',
    raw: dataScientistProps({ PassRoles: undefined }),
    path: 'PassRoles',
    message: 'defaults of persona DataScientist',
  },
  { name: 'parameter no activity uses', raw: mlJobsProps({ KendraIndexes: ['0123abcd-4567-89ef-0123-456789abcdef'] }), path: 'KendraIndexes', message: 'used by no selected activity' },
  { name: 'VPC without a VPC activity', raw: { Persona: 'Custom', Activities: ['ManageExperiments'], VpcSubnetIds: ['subnet-0123abcd'] }, path: 'VpcSubnetIds', message: 'applies to no selected activity' },
  { name: 'KMS without a KMS activity', raw: { Persona: 'Custom', Activities: ['ManageExperiments'], DataKmsKeyArns: [KEY_A] }, path: 'DataKmsKeyArns', message: 'applies to no selected activity' },
  { name: 'list given as a string', raw: mlJobsProps({ PassRoles: PASS_ROLE }), path: 'PassRoles', message: 'must be a list' },
  { name: 'duplicate parameter value', raw: mlJobsProps({ PassRoles: [PASS_ROLE, PASS_ROLE] }), path: 'PassRoles[1]', message: 'listed twice' },
  { name: 'wildcard role', raw: mlJobsProps({ PassRoles: ['arn:aws:iam::111122223333:role/*'] }), path: 'PassRoles[0]', message: 'wildcards are refused' },
  { name: 'suffix too long', raw: mlJobsProps({ RoleNameSuffix: 'x'.repeat(55) }), path: 'RoleNameSuffix', message: 'at most 64 characters' },
  { name: 'suffix with a wildcard', raw: mlJobsProps({ RoleNameSuffix: 'team*' }), path: 'RoleNameSuffix', message: 'wildcards' },
  { name: 'path without trailing slash', raw: mlJobsProps({ Path: '/team' }), path: 'Path', message: 'IAM path' },
  { name: 'path too long', raw: mlJobsProps({ Path: `/${'a/'.repeat(256)}` }), path: 'Path', message: 'at most 512' },
  { name: 'description too long', raw: mlJobsProps({ Description: 'd'.repeat(1001) }), path: 'Description', message: 'at most 1000' },
  { name: 'description with emoji', raw: mlJobsProps({ Description: 'ML 🚀' }), path: 'Description', message: 'printable ASCII' },
  { name: 'session too short', raw: mlJobsProps({ MaxSessionDuration: '3599' }), path: 'MaxSessionDuration', message: '3600 (1 hour) to 43200' },
  { name: 'session not a number', raw: mlJobsProps({ MaxSessionDuration: '1h' }), path: 'MaxSessionDuration', message: 'whole number' },
  { name: 'boundary not a policy', raw: mlJobsProps({ PermissionsBoundary: PASS_ROLE }), path: 'PermissionsBoundary', message: 'managed policy ARN' },
  { name: 'aws: tag key', raw: mlJobsProps({ Tags: [{ Key: 'aws:team', Value: 'a' }] }), path: 'Tags[0].Key', message: 'must not start with "aws:"' },
  { name: 'ownership tag key', raw: mlJobsProps({ Tags: [{ Key: OwnershipTag.StackId, Value: 'x' }] }), path: 'Tags[0].Key', message: 'ownership tag' },
  // The per-user role tag decides which roles an isolated user may pass: refused in Tags with or without UserIsolation, in any case.
  ...[
    ['without UserIsolation', {}],
    ['with UserIsolation', { UserIsolation: { DomainId: 'd-abcdef123456' } }],
    ['on a per-user role', { UserIsolation: { DomainId: 'd-abcdef123456', UserProfileName: 'alice' } }],
  ].flatMap(([where, extra]) =>
    ['sagemaker-persona-role:user-profile', 'Sagemaker-Persona-Role:User-Profile'].map((key) => ({
      name: `per-user role tag key ${key} ${where as string}`,
      raw: mlJobsProps({ ...(extra as object), Tags: [{ Key: 'team', Value: 'a' }, { Key: key, Value: 'd-abcdef123456/alice' }] }),
      path: 'Tags[1].Key',
      message: 'is set by the engine only, on a role with UserIsolation.UserProfileName',
    })),
  ),
  { name: 'duplicate tag key', raw: mlJobsProps({ Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] }), path: 'Tags[1].Key', message: 'case-insensitive' },
  { name: 'tag value too long', raw: mlJobsProps({ Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }), path: 'Tags[0].Value', message: '0-256' },
  { name: 'too many tags', raw: mlJobsProps({ Tags: Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }), path: 'Tags', message: 'at most 48 tags' },
  { name: 'user isolation not an object', raw: mlJobsProps({ UserIsolation: 'yes' }), path: 'UserIsolation', message: 'must be an object' },
  { name: 'unknown user isolation key', raw: mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', S3Prefx: 'a' } }), path: 'UserIsolation.S3Prefx', message: 'did you mean "S3Prefix"' },
  { name: 'S3 prefix with a leading slash', raw: mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: '/users' } }), path: 'UserIsolation.S3Prefix', message: 'must not start or end with "/"' },
  { name: 'S3 prefix with a policy variable', raw: mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'u/${aws:userid}' } }), path: 'UserIsolation.S3Prefix', message: 'policy variables' },
  { name: 'secrets prefix with ..', raw: mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', SecretsPrefix: 'a/../b' } }), path: 'UserIsolation.SecretsPrefix', message: '".."' },
  { name: 'not an object', raw: [] as unknown as Record<string, unknown>, path: 'Properties', message: 'must be an object' },
  { name: 'regions not a list', raw: mlJobsProps({ Regions: 'us-east-1,eu-west-1' }), path: 'Regions', message: 'must be a list of strings' },
  { name: 'region with a typo', raw: mlJobsProps({ Regions: ['us-east1'] }), path: 'Regions[0]', message: 'region name like us-east-1' },
];

describe('parseProperties: refused input', () => {
  it.each(invalid)('$name → $path', ({ raw, path, message }) => {
    // GIVEN invalid properties WHEN parsed
    const issues = issuesOf(() => parseProperties(raw));
    // THEN one issue names the property and says what is allowed
    const issue = issues.find((i) => i.path === path);
    expect(issue?.message).toContain(message);
  });

  it('reports every issue at once with the bad values', () => {
    // GIVEN three independent mistakes
    const raw = mlJobsProps({ S3Bucket: ['x'], MaxSessionDuration: '99', PassRoles: ['arn:aws:iam::111122223333:role/*'] });
    // WHEN parsed
    const issues = issuesOf(() => parseProperties(raw));
    // THEN all three are reported, each with its value
    expect(issues.map((i) => i.path).sort()).toEqual(['MaxSessionDuration', 'PassRoles[0]', 'S3Bucket']);
    expect(issues.find((i) => i.path === 'PassRoles[0]')?.value).toBe('"arn:aws:iam::111122223333:role/*"');
  });
});

// UserIsolation.S3Prefix isolates only the S3 grants of s3Isolation activities;
// like VPC/KMS settings, it is refused where it would silently do nothing.
describe('parseProperties: UserIsolation.S3Prefix needs an activity whose S3 access it isolates', () => {
  const ISOLATING = ACTIVITIES.filter((a) => a.s3Isolation);
  const SAMPLE: Record<ParameterName, string[]> = {
    PassRoles: [PASS_ROLE],
    S3Buckets: ['team-a-data'],
    EcrRepositories: ['team-a/training'],
    AthenaWorkgroups: ['team-a'],
    GlueDatabases: ['team_a'],
    KendraIndexes: ['0123abcd-4567-89ef-0123-456789abcdef'],
    MlflowTrackingServers: ['team-a-tracking'],
  };
  const only = (activity: ActivityDefinition, extra: Record<string, unknown>): Record<string, unknown> => ({
    Persona: 'Custom',
    Activities: [activity.id],
    ...Object.fromEntries(activity.requiredParameters.map((p) => [p, SAMPLE[p]])),
    ...extra,
  });

  it('flags the activities with S3 data access', () => {
    // GIVEN the catalog THEN the S3 prefix applies to exactly these (the catalog test ties them to what they render)
    expect(ISOLATING.map((a) => a.id).sort()).toEqual(
      [
        'AccessRequiredAwsServices',
        'AccessRequiredAwsServicesForMLflow',
        'AccessRequiredAwsServicesForMLflowApps',
        'ManageGlueTables',
        'S3BucketAccess',
        'S3FullAccess',
      ].sort(),
    );
  });

  it('refuses an S3Prefix with no such activity, naming the value and the activities it applies to', () => {
    // GIVEN a role with only SageMaker job activities and an S3 prefix
    const raw = mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' } });
    // WHEN parsed
    const issues = issuesOf(() => parseProperties(raw));
    // THEN one issue, on the prefix, with its value and every activity it would apply to
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('UserIsolation.S3Prefix');
    expect(issues[0]?.value).toBe('"team-a/users"');
    expect(issues[0]?.message).toContain('applies to no selected activity, so it would have no effect');
    for (const a of ISOLATING) expect(issues[0]?.message).toContain(a.id);
  });

  it('reports it along with the other issues', () => {
    // GIVEN an S3 prefix with no S3 activity and an unrelated mistake WHEN parsed THEN both are reported
    const issues = issuesOf(() => parseProperties(mlJobsProps({ UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' }, Path: '/team' })));
    expect(issues.map((i) => i.path).sort()).toEqual(['Path', 'UserIsolation.S3Prefix']);
  });

  // Activities refused with UserIsolation are covered by test/semantics/abac-classification.test.ts.
  const COMBINABLE = ACTIVITIES.filter((a) => !isRefusal(a.isolation));

  it.each(ISOLATING.filter((a) => COMBINABLE.includes(a)).map((a) => [a.id, a] as const))('accepts an S3Prefix with %s', (_id, activity) => {
    // GIVEN the activity alone, or next to one without S3 access, with an S3 prefix WHEN parsed
    const alone = parseProperties(only(activity, { UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'team-a/users' } }));
    const mixed = parseProperties(
      only(activity, {
        Activities: ['ManageExperiments', activity.id],
        UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'team-a/users', SecretsPrefix: 'team-a' },
      }),
    );
    // THEN the prefix is kept
    expect(alone.userIsolation).toEqual({ domainId: 'd-abcdef123456', s3Prefix: 'team-a/users' });
    expect(mixed.userIsolation).toEqual({ domainId: 'd-abcdef123456', s3Prefix: 'team-a/users', secretsPrefix: 'team-a' });
  });

  it('accepts an S3Prefix with a persona whose defaults have S3 access', () => {
    // GIVEN the MLOps defaults (S3BucketAccess among them, none refused with UserIsolation) WHEN parsed THEN the prefix is kept
    const raw = { Persona: 'MLOps', PassRoles: [PASS_ROLE], S3Buckets: ['team-a-data'], UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users' } };
    expect(parseProperties(raw).userIsolation).toEqual({ domainId: 'd-abcdef123456', s3Prefix: 'users' });
  });

  it.each(COMBINABLE.filter((a) => !a.s3Isolation).map((a) => [a.id, a] as const))('accepts UserIsolation with just a DomainId, and with a SecretsPrefix, with %s', (_id, activity) => {
    // GIVEN the activity alone with user isolation but no S3 prefix WHEN parsed THEN it is kept as given
    expect(parseProperties(only(activity, { UserIsolation: { DomainId: 'd-abcdef123456' } })).userIsolation).toEqual({ domainId: 'd-abcdef123456' });
    expect(parseProperties(only(activity, { UserIsolation: { DomainId: 'd-abcdef123456', SecretsPrefix: 'team-a' } })).userIsolation).toEqual({
      domainId: 'd-abcdef123456',
      secretsPrefix: 'team-a',
    });
  });
});
