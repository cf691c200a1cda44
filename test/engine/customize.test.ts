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

  it('gives a job-managing persona only SageMaker-made grants on the volume key, never direct key use', () => {
    // GIVEN one data key and one volume key WHEN ManageMLJobs is rendered
    const statements = render({ DataKmsKeyArns: [KEY_A], VolumeKmsKeyArns: [KEY_B] });
    // THEN CreateGrant is on the volume key only, for AWS resources, through SageMaker in the role's region
    const [grant] = statementsWith(statements, 'kms:CreateGrant');
    expect(grant.Resource).toBe(KEY_B);
    expect(grant.Condition).toEqual({
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
      StringEquals: { 'kms:ViaService': 'sagemaker.us-east-1.amazonaws.com' },
    });
    // AND the data key is not usable directly: like AWS's job template, the jobs' compute role uses it
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']) {
      expect({ action, statements: statementsWith(statements, action) }).toEqual({ action, statements: [] });
    }
  });

  it('lets the compute role use the data key only through S3 in its region', () => {
    // GIVEN the compute role with a data key WHEN rendered
    const statements = renderStatements(
      parseProperties({ Persona: 'ComputeRole', S3Buckets: ['team-a-data'], DataKmsKeyArns: [KEY_A] }),
      arn,
    );
    // THEN Decrypt and GenerateDataKey are on the data key, only via S3, and nothing else of KMS
    const kmsStatements = statements.filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
    expect(kmsStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: KEY_A,
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  it('names the China partition endpoints in kms:ViaService', () => {
    // GIVEN a role in cn-north-1 WHEN rendered with a data key
    const cnKey = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const statements = renderStatements(
      parseProperties({ Persona: 'ComputeRole', S3Buckets: ['team-a-data'], DataKmsKeyArns: [cnKey] }),
      arnBuilder('aws-cn', 'cn-north-1', '111122223333'),
    );
    // THEN the S3 endpoint is the .com.cn one KMS reports
    const [decrypt] = statementsWith(statements, 'kms:Decrypt');
    expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.cn-north-1.amazonaws.com.cn' } });
  });

  it('grants no KMS actions without KMS keys', () => {
    // GIVEN no keys WHEN rendered THEN no kms: action appears
    expect(JSON.stringify(render({}))).not.toContain('"kms:');
  });
});

describe('ABAC user isolation', () => {
  const profileArn = 'arn:aws:sagemaker:us-east-1:111122223333:user-profile/d-abcdef123456/${sagemaker:UserProfileName}';

  it('limits user-owned job actions to the caller profile tag in the role\'s domain, for requests from that domain', () => {
    // GIVEN UserIsolation WHEN rendered
    const [stop] = statementsWith(render({ UserIsolation: { DomainId: 'd-abcdef123456' } }), 'sagemaker:StopTrainingJob');
    // THEN the resource tag must equal the caller's own profile ARN in the role's domain, and the request come from it
    expect(stop.Condition?.StringEquals).toEqual({ [ConditionKey.UserProfileArnTag]: profileArn, 'sagemaker:DomainId': 'd-abcdef123456' });
  });

  it('names the one user of a per-user role literally, with no request key (its jobs send none)', () => {
    // GIVEN UserIsolation.UserProfileName WHEN rendered
    const [stop] = statementsWith(render({ UserIsolation: { DomainId: 'd-abcdef123456', UserProfileName: 'alice' } }), 'sagemaker:StopTrainingJob');
    // THEN the owner is alice of that domain exactly
    expect(stop.Condition?.StringEquals).toEqual({
      [ConditionKey.UserProfileArnTag]: 'arn:aws:sagemaker:us-east-1:111122223333:user-profile/d-abcdef123456/alice',
    });
  });

  it('adds no user condition without UserIsolation', () => {
    // GIVEN no UserIsolation WHEN rendered THEN no user-profile tag condition
    expect(JSON.stringify(render({}))).not.toContain(ConditionKey.UserProfileArnTag);
  });

  it('scopes secrets to the source identity under the prefix', () => {
    // GIVEN a secrets prefix WHEN rendered
    const [secret] = statementsWith(render({ UserIsolation: { DomainId: 'd-abcdef123456', SecretsPrefix: 'team-a/users' } }), 'secretsmanager:GetSecretValue');
    // THEN only that user's secrets
    expect(secret.Resource).toBe('arn:aws:secretsmanager:us-east-1:111122223333:secret:team-a/users/d-abcdef123456/${aws:SourceIdentity}/*');
  });
});
