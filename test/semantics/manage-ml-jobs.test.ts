// ManageMLJobs through the full engine and the IAM policy simulator.

import {
  ABAC_PROPS,
  COMPUTE_ROLE,
  decide,
  decideAsUser,
  IN_VPC_WITH_KEYS,
  OTHER_KEY,
  OTHER_ROLE,
  planOf,
  regional,
  sm,
  VPC_KMS_PROPS,
} from './catalog-a-support';

const ACTIVITY = 'ManageMLJobs';
const BASE = { PassRoles: [COMPUTE_ROLE] };
const TRAINING_JOB = sm('training-job/churn-xgb-001');

describe('ManageMLJobs with VPC and KMS customization', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...VPC_KMS_PROPS });

  it.each([
    ['CreateTrainingJob in the VPC with both keys', 'sagemaker:CreateTrainingJob', TRAINING_JOB, IN_VPC_WITH_KEYS],
    ['CreateProcessingJob in the VPC with both keys', 'sagemaker:CreateProcessingJob', sm('processing-job/prep-1'), IN_VPC_WITH_KEYS],
    [
      'CreateTransformJob with both keys (no VPC keys of its own)',
      'sagemaker:CreateTransformJob',
      sm('transform-job/batch-1'),
      { 'sagemaker:VolumeKmsKeyArn': IN_VPC_WITH_KEYS['sagemaker:VolumeKmsKeyArn'], 'sagemaker:OutputKmsKeyArn': IN_VPC_WITH_KEYS['sagemaker:OutputKmsKeyArn'] },
    ],
    ['ListTrainingJobs', 'sagemaker:ListTrainingJobs', '*', {}],
    ['DescribeTrainingJob', 'sagemaker:DescribeTrainingJob', TRAINING_JOB, {}],
    ['GetLogEvents of a training job', 'logs:GetLogEvents', regional('logs', 'log-group:/aws/sagemaker/TrainingJobs:log-stream:churn-xgb-001/algo-1'), {}],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request
    const decision = await decide(plan, { action, resource, context });
    // THEN IAM allows it
    expect(decision).toBe('Allowed');
  });

  it.each([
    ['without VPC settings', { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSubnets': undefined, 'sagemaker:VpcSecurityGroupIds': undefined }],
    ['in another subnet', { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSubnets': ['subnet-0fff9999'] }],
    ['in one of its subnets and another', { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSubnets': ['subnet-0aaa1111', 'subnet-0fff9999'] }],
    ['with another security group', { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSecurityGroupIds': ['sg-0fff9999'] }],
    ['with another volume key', { ...IN_VPC_WITH_KEYS, 'sagemaker:VolumeKmsKeyArn': OTHER_KEY }],
    ['with another output key', { ...IN_VPC_WITH_KEYS, 'sagemaker:OutputKmsKeyArn': OTHER_KEY }],
    ['without a volume key', { ...IN_VPC_WITH_KEYS, 'sagemaker:VolumeKmsKeyArn': undefined }],
  ])('denies CreateTrainingJob %s', async (_name, context) => {
    // GIVEN a request that misses or leaves the role's VPC / keys
    const present = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<
      string,
      string | string[]
    >;
    // WHEN the persona creates a training job
    const decision = await decide(plan, { action: 'sagemaker:CreateTrainingJob', resource: TRAINING_JOB, context: present });
    // THEN IAM denies it
    expect(decision).toBe('ImplicitlyDenied');
  });
});

describe('ManageMLJobs: passing roles and tagging', () => {
  const plan = planOf([ACTIVITY], BASE);

  it('allows passing the given compute role to SageMaker', async () => {
    // WHEN the persona passes the compute role to SageMaker  THEN it is allowed
    const decision = await decide(plan, {
      action: 'iam:PassRole',
      resource: COMPUTE_ROLE,
      context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
    });
    expect(decision).toBe('Allowed');
  });

  it.each([
    ['another role to SageMaker', OTHER_ROLE, 'sagemaker.amazonaws.com'],
    ['the compute role to EC2', COMPUTE_ROLE, 'ec2.amazonaws.com'],
  ])('denies passing %s', async (_name, role, service) => {
    // WHEN the persona passes a role it was not given, or to another service  THEN it is denied
    const decision = await decide(plan, { action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': service } });
    expect(decision).toBe('ImplicitlyDenied');
  });

  it('allows tags while creating a training job, but not re-tagging an existing one', async () => {
    // GIVEN AddTags as part of CreateTrainingJob, and AddTags on its own
    const onCreate = await decide(plan, {
      action: 'sagemaker:AddTags',
      resource: TRAINING_JOB,
      context: { 'sagemaker:TaggingAction': 'CreateTrainingJob' },
    });
    const later = await decide(plan, { action: 'sagemaker:AddTags', resource: TRAINING_JOB });
    // THEN only the tag-on-create is allowed
    expect([onCreate, later]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it('denies a training job in another account', async () => {
    // WHEN the persona stops a job of another account  THEN the exact account in the ARN denies it
    const decision = await decide(plan, {
      action: 'sagemaker:StopTrainingJob',
      resource: 'arn:aws:sagemaker:us-east-1:999999999999:training-job/other',
      account: '999999999999',
    });
    expect(decision).toBe('ImplicitlyDenied');
  });
});

describe('ManageMLJobs with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...ABAC_PROPS });

  it.each([
    ['DescribeTrainingJob', 'sagemaker:DescribeTrainingJob'],
    ['StopTrainingJob', 'sagemaker:StopTrainingJob'],
  ])('allows alice %s on her own training job and denies it on bob\'s', async (_name, action) => {
    // GIVEN a job Studio tagged with alice's profile and one tagged with bob's
    // WHEN alice acts on each
    const own = await decideAsUser(plan, 'alice', { action, resource: TRAINING_JOB, owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action, resource: sm('training-job/bob-job'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  it('denies alice an untagged training job', async () => {
    // WHEN alice stops a job without a user-profile tag  THEN ABAC denies it
    const decision = await decideAsUser(plan, 'alice', { action: 'sagemaker:StopTrainingJob', resource: TRAINING_JOB });
    expect(decision).toBe('ImplicitlyDenied');
  });
});
