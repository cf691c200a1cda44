import { validateListValue, validatePolicyArn, type ListPropertyName } from '../../src/policy-engine/parameters';
import { KEY_A, PASS_ROLE } from './support/engine';

const valid: [ListPropertyName, string][] = [
  ['PassRoles', PASS_ROLE],
  ['PassRoles', 'arn:aws-cn:iam::111122223333:role/team/a/SageMaker-compute'],
  ['S3Buckets', 'team-a-data'],
  ['S3Buckets', 'my.bucket.v2'],
  ['EcrRepositories', 'team-a/training'],
  ['AthenaWorkgroups', 'primary'],
  ['GlueDatabases', 'team_a'],
  ['KendraIndexes', '0123abcd-4567-89ef-0123-456789abcdef'],
  ['MlflowTrackingServers', 'team-a-tracking'],
  ['VpcSubnetIds', 'subnet-0123abcd'],
  ['VpcSubnetIds', 'subnet-0a1b2c3d4e5f60718'],
  ['VpcSecurityGroupIds', 'sg-0123456789abcdef0'],
  ['DataKmsKeyArns', KEY_A],
  ['VolumeKmsKeyArns', 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef'],
  ['ManagedPolicyArns', 'arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess'],
  ['ManagedPolicyArns', 'arn:aws:iam::111122223333:policy/team/extra'],
];

const refused: [ListPropertyName, string, string][] = [
  ['PassRoles', 'arn:aws:iam::111122223333:role/*', 'wildcards are refused'],
  ['PassRoles', 'arn:aws:iam::111122223333:role/Sage?aker', 'wildcards are refused'],
  ['PassRoles', 'arn:aws:iam::111122223333:role/${aws:username}', 'policy variables'],
  ['PassRoles', 'arn:aws:iam::111122223333:user/bob', 'IAM role ARN'],
  ['PassRoles', 'arn:aws:iam::1111:role/x', 'IAM role ARN'],
  ['PassRoles', 'SageMaker-compute', 'is a role name; PassRoles takes role ARNs'],
  ['S3Buckets', 'Team-A', 'S3 bucket name'],
  ['S3Buckets', 'ab', 'S3 bucket name'],
  ['S3Buckets', 'a..b', 'two adjacent dots'],
  ['S3Buckets', '192.168.1.1', 'IP address'],
  ['S3Buckets', 'xn--bucket', 'reserved'],
  ['S3Buckets', 'bucket-s3alias', 'reserved'],
  ['S3Buckets', 'team a', 'whitespace'],
  ['S3Buckets', 'team"a', 'quote'],
  ['S3Buckets', "team'a", 'quote'],
  ['EcrRepositories', 'Team/Repo', 'ECR repository name'],
  ['AthenaWorkgroups', 'a/b', 'Athena workgroup'],
  ['GlueDatabases', 'TeamA', 'lowercase'],
  ['KendraIndexes', 'short', 'Kendra index id'],
  ['MlflowTrackingServers', '-bad', 'MLflow tracking server'],
  ['VpcSubnetIds', 'subnet-xyz', 'subnet id'],
  ['VpcSecurityGroupIds', 'sg-12', 'security group id'],
  ['DataKmsKeyArns', 'arn:aws:kms:us-east-1:111122223333:alias/team', 'is a KMS alias'],
  ['DataKmsKeyArns', 'alias/team', 'is a KMS alias'],
  ['VolumeKmsKeyArns', '1234abcd-12ab-34cd-56ef-1234567890ab', 'did you mean the key ARN arn:<partition>:kms:<region>:<account>:key/1234abcd'],
  ['DataKmsKeyArns', 'arn:aws:kms:us-east-1:111122223333:key/*', 'wildcards are refused'],
  ['ManagedPolicyArns', 'arn:aws:iam::111122223333:role/x', 'managed policy ARN'],
  ['ManagedPolicyArns', 'arn:aws:iam::111122223333:policy/a\nb', 'control character'],
];

describe('parameter validators', () => {
  it.each(valid)('accepts %s %s', (property, value) => {
    // GIVEN a well-formed value WHEN validated THEN there is no problem
    expect(validateListValue(property, value)).toBeUndefined();
  });

  it.each(refused)('refuses %s %j', (property, value, expected) => {
    // GIVEN a malformed or dangerous value WHEN validated THEN the reason names what is allowed
    expect(validateListValue(property, value)).toContain(expected);
  });

  it('checks permissions boundaries as policy ARNs', () => {
    // GIVEN a role ARN and a policy ARN WHEN validated as a boundary THEN only the policy ARN passes
    expect(validatePolicyArn('arn:aws:iam::111122223333:policy/ml-boundary')).toBeUndefined();
    expect(validatePolicyArn('arn:aws:iam::111122223333:role/ml-boundary')).toContain('managed policy ARN');
  });
});
