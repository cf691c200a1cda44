// Input forms: values in the form users copy from the console (ARNs, image
// URIs, s3:// URIs) where another form is expected get an error that names
// the value to use instead; ECR repositories may be named or given by ARN.

import { parseProperties, planRole } from '../../src/policy-engine';
import { validateListValue, type ListPropertyName } from '../../src/policy-engine/parameters';
import { allStatements, context, issuesOf, list } from './support/engine';

const computeRole = (extra: Record<string, unknown>) => ({ Persona: 'ComputeRole', S3Buckets: ['team-a-data'], ...extra });

function ecrPullResources(raw: Record<string, unknown>, ctx = context()): string[] {
  return allStatements(planRole(raw, ctx))
    .filter((s) => list(s.Action).includes('ecr:BatchGetImage'))
    .flatMap((s) => list(s.Resource))
    .sort();
}

describe('EcrRepositories: name or ARN', () => {
  it('a name is the repository of this account in each of Regions', () => {
    // GIVEN a repository name and two regions WHEN planned THEN that repository in the role's account, in both regions
    expect(ecrPullResources(computeRole({ EcrRepositories: ['fraud/training'], Regions: ['us-east-1', 'eu-west-1'] }))).toEqual([
      'arn:aws:ecr:eu-west-1:111122223333:repository/fraud/training',
      'arn:aws:ecr:us-east-1:111122223333:repository/fraud/training',
    ]);
  });

  it('an ARN names a repository of any account (a central registry), exactly', () => {
    // GIVEN the ARN of a repository in a central registry account WHEN planned THEN exactly that repository
    const arn = 'arn:aws:ecr:us-east-1:444455556666:repository/fraud/training';
    expect(ecrPullResources(computeRole({ EcrRepositories: [arn] }))).toEqual([arn]);
  });

  it('a regional ARN is not copied into the other regions', () => {
    // GIVEN an ARN in us-east-1 on a role for two regions THEN it stays in us-east-1 only
    const arn = 'arn:aws:ecr:us-east-1:444455556666:repository/fraud/training';
    expect(ecrPullResources(computeRole({ EcrRepositories: [arn], Regions: ['us-east-1', 'eu-west-1'] }))).toEqual([arn]);
  });
});

const hinted: [string, ListPropertyName, string, string][] = [
  [
    'an image URI',
    'EcrRepositories',
    '111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud/training',
    'is an image URI; EcrRepositories takes repositories: give fraud/training (a repository of this account and region) or arn:aws:ecr:us-east-1:111122223333:repository/fraud/training',
  ],
  [
    'an image URI with a tag',
    'EcrRepositories',
    '111122223333.dkr.ecr.eu-west-1.amazonaws.com/fraud/training:v3',
    'give fraud/training (a repository of this account and region) or arn:aws:ecr:eu-west-1:111122223333:repository/fraud/training',
  ],
  [
    'a China image URI with a digest',
    'EcrRepositories',
    `111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/train@sha256:${'a'.repeat(64)}`,
    'arn:aws-cn:ecr:cn-north-1:111122223333:repository/train',
  ],
  ['a malformed repository ARN', 'EcrRepositories', 'arn:aws:ecr:us-east-1:111122223333:repo/x', 'must be an ECR repository name'],
  ['a bucket ARN', 'S3Buckets', 'arn:aws:s3:::team-a-data', 'is a bucket ARN; S3Buckets takes bucket names: give team-a-data'],
  ['an object ARN with a wildcard (refused first for the wildcard)', 'S3Buckets', 'arn:aws:s3:::team-a-data/raw/*', 'wildcards are refused'],
  ['an object ARN without wildcard', 'S3Buckets', 'arn:aws:s3:::team-a-data/raw/', 'is an S3 ARN; S3Buckets takes bucket names: give team-a-data'],
  ['an s3:// URI', 'S3Buckets', 's3://team-a-data/raw/', 'is an S3 URI; S3Buckets takes bucket names: give team-a-data'],
  ['a role name', 'PassRoles', 'SageMaker-compute', 'is a role name; PassRoles takes role ARNs: give arn:${AWS::Partition}:iam::${AWS::AccountId}:role/SageMaker-compute'],
  ['a workgroup ARN', 'AthenaWorkgroups', 'arn:aws:athena:us-east-1:111122223333:workgroup/team-a', 'is an ARN; AthenaWorkgroups takes workgroup names: give team-a'],
  ['a database ARN', 'GlueDatabases', 'arn:aws:glue:us-east-1:111122223333:database/team_a', 'is an ARN; GlueDatabases takes database names: give team_a'],
  [
    'a tracking server ARN',
    'MlflowTrackingServers',
    'arn:aws:sagemaker:us-east-1:111122223333:mlflow-tracking-server/team-a',
    'is an ARN; MlflowTrackingServers takes tracking server names: give team-a',
  ],
  [
    'an index ARN',
    'KendraIndexes',
    'arn:aws:kendra:us-east-1:111122223333:index/0123abcd-4567-89ef-0123-456789abcdef',
    'is an ARN; KendraIndexes takes index ids: give 0123abcd-4567-89ef-0123-456789abcdef',
  ],
  ['a role ARN as managed policy', 'ManagedPolicyArns', 'arn:aws:iam::111122223333:role/x', 'is a role ARN; ManagedPolicyArns takes managed policy ARNs'],
];

describe('values in the wrong form name the value to use', () => {
  it.each(hinted)('%s', (_name, property, value, expected) => {
    // GIVEN a value in a form users copy from the console WHEN validated THEN the message says what to give instead
    expect(validateListValue(property, value)).toContain(expected);
  });

  it('the error names property, index and value', () => {
    // GIVEN an image URI in the properties WHEN parsed THEN the issue names all three
    const uri = '111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud/training';
    expect(issuesOf(() => parseProperties(computeRole({ EcrRepositories: [uri] })))).toEqual([
      expect.objectContaining({ path: 'EcrRepositories[0]', value: JSON.stringify(uri), message: expect.stringContaining('fraud/training') }),
    ]);
  });

  it('a role ARN as RoleNameSuffix names the suffix to use', () => {
    // GIVEN the ARN of an earlier role as suffix WHEN parsed THEN the hint is its name without SageMaker-
    const issues = issuesOf(() => parseProperties(computeRole({ RoleNameSuffix: 'arn:aws:iam::111122223333:role/SageMaker-team-a' })));
    expect(issues).toEqual([expect.objectContaining({ path: 'RoleNameSuffix', message: expect.stringContaining('give team-a') })]);
  });
});
