import { arnBuilder, ConditionKey, parseProperties, renderStatements, type Statement } from '../../src/policy-engine';
import { KEY_A, KEY_B, list, mlJobsProps, statementsWith } from './support/engine';

const arn = arnBuilder('aws', 'us-east-1', '111122223333');

function render(extra: Record<string, unknown>): Statement[] {
  return renderStatements(parseProperties(mlJobsProps(extra)), arn);
}

function createTrainingJob(statements: Statement[]): Statement {
  const [statement] = statementsWith(statements, 'sagemaker:CreateTrainingJob');
  return statement;
}

describe('VPC customization', () => {
  it('requires the configured subnets and security groups on Create jobs, with a Null check', () => {
    // GIVEN subnets and security groups WHEN rendered
    const statement = createTrainingJob(render({ VpcSubnetIds: ['subnet-0123abcd'], VpcSecurityGroupIds: ['sg-0123abcd'] }));
    // THEN ForAllValues limits both lists and Null refuses requests without them
    expect(statement.Condition?.['ForAllValues:StringEquals']).toEqual({
      [ConditionKey.VpcSecurityGroupIds]: 'sg-0123abcd',
      [ConditionKey.VpcSubnets]: 'subnet-0123abcd',
    });
    expect(statement.Condition?.Null).toMatchObject({ [ConditionKey.VpcSubnets]: 'false', [ConditionKey.VpcSecurityGroupIds]: 'false' });
  });

  it('adds only the keys that are configured', () => {
    // GIVEN subnets only WHEN rendered
    const statement = createTrainingJob(render({ VpcSubnetIds: ['subnet-0123abcd'] }));
    // THEN the security-group key is absent
    expect(Object.keys(statement.Condition?.['ForAllValues:StringEquals'] ?? {})).toEqual([ConditionKey.VpcSubnets]);
    expect(Object.keys(statement.Condition?.Null ?? {})).toEqual([ConditionKey.VpcSubnets]);
  });

  it('leaves Describe/Stop statements without VPC conditions', () => {
    // GIVEN a VPC WHEN rendered
    const [describe] = statementsWith(render({ VpcSubnetIds: ['subnet-0123abcd'] }), 'sagemaker:DescribeTrainingJob');
    // THEN the read statement has no VPC key
    expect(JSON.stringify(describe)).not.toContain(ConditionKey.VpcSubnets);
  });
});

describe('KMS customization', () => {
  it('pins volume and output keys with the current condition keys', () => {
    // GIVEN a data key and a volume key WHEN rendered
    const statement = createTrainingJob(render({ DataKmsKeyArns: [KEY_A], VolumeKmsKeyArns: [KEY_B] }));
    // THEN StringEquals + Null on VolumeKmsKeyArn (volume key) and OutputKmsKeyArn (data key)
    expect(statement.Condition?.StringEquals).toMatchObject({
      [ConditionKey.VolumeKmsKeyArn]: KEY_B,
      [ConditionKey.OutputKmsKeyArn]: KEY_A,
    });
    expect(statement.Condition?.Null).toMatchObject({ [ConditionKey.VolumeKmsKeyArn]: 'false', [ConditionKey.OutputKmsKeyArn]: 'false' });
  });

  it('never uses the deprecated sagemaker:VolumeKmsKey / OutputKmsKey keys', () => {
    // GIVEN keys WHEN rendered THEN only the *Arn keys appear
    const json = JSON.stringify(render({ DataKmsKeyArns: [KEY_A], VolumeKmsKeyArns: [KEY_B] }));
    expect(json).not.toMatch(/"sagemaker:(Volume|Output)KmsKey"/);
  });

  it('grants data-key use and volume-key grants on exactly those keys', () => {
    // GIVEN one data key and one volume key WHEN rendered
    const statements = render({ DataKmsKeyArns: [KEY_A], VolumeKmsKeyArns: [KEY_B] });
    // THEN Decrypt is on the data key only, CreateGrant on the volume key only and only for AWS resources
    const decrypt = statementsWith(statements, 'kms:Decrypt');
    expect(decrypt.flatMap((s) => list(s.Resource))).toEqual([KEY_A]);
    const [grant] = statementsWith(statements, 'kms:CreateGrant');
    expect(grant.Resource).toBe(KEY_B);
    expect(grant.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it('grants no KMS actions without KMS keys', () => {
    // GIVEN no keys WHEN rendered THEN no kms: action appears
    expect(JSON.stringify(render({}))).not.toContain('"kms:');
  });
});

describe('ABAC user isolation', () => {
  const profileArn = 'arn:aws:sagemaker:us-east-1:111122223333:user-profile/${sagemaker:DomainId}/${sagemaker:UserProfileName}';

  it('limits user-owned job actions to the caller profile tag', () => {
    // GIVEN UserIsolation WHEN rendered
    const [stop] = statementsWith(render({ UserIsolation: {} }), 'sagemaker:StopTrainingJob');
    // THEN the resource tag must equal the caller's own profile ARN
    expect(stop.Condition?.StringEquals).toEqual({ [ConditionKey.UserProfileArnTag]: profileArn });
  });

  it('adds no user condition without UserIsolation', () => {
    // GIVEN no UserIsolation WHEN rendered THEN no user-profile tag condition
    expect(JSON.stringify(render({}))).not.toContain(ConditionKey.UserProfileArnTag);
  });

  it('scopes secrets to the source identity under the prefix', () => {
    // GIVEN a secrets prefix WHEN rendered
    const [secret] = statementsWith(render({ UserIsolation: { SecretsPrefix: 'team-a/users' } }), 'secretsmanager:GetSecretValue');
    // THEN only that user's secrets
    expect(secret.Resource).toBe('arn:aws:secretsmanager:us-east-1:111122223333:secret:team-a/users/${aws:SourceIdentity}/*');
  });
});
