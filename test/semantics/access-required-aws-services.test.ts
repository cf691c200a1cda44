// AccessRequiredAwsServices (the compute role) through the full engine and the IAM policy simulator.

import { decide, planOf, regional, SECURITY_GROUPS, SUBNETS, VPC_KMS_PROPS } from './catalog-a-support';

// KMS key use (kms:Decrypt on DataKmsKeyArns, ...) is the engine's role-level statement, and the
// simulator also needs the key policy for any KMS decision: it is tested with the engine, not here.

const ACTIVITY = 'AccessRequiredAwsServices';
const BASE = { S3Buckets: ['team-a-data'], EcrRepositories: ['team-a/training'] };

describe('AccessRequiredAwsServices with VPC and KMS customization', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...VPC_KMS_PROPS });

  it.each([
    ['reading training data', 's3:GetObject', 'arn:aws:s3:::team-a-data/churn/train.csv', {}],
    ['listing its bucket', 's3:ListBucket', 'arn:aws:s3:::team-a-data', {}],
    ['pulling the training image', 'ecr:BatchGetImage', regional('ecr', 'repository/team-a/training'), {}],
    ['the registry login', 'ecr:GetAuthorizationToken', '*', {}],
    ['writing job logs', 'logs:PutLogEvents', regional('logs', 'log-group:/aws/sagemaker/TrainingJobs:log-stream:churn/algo-1'), {}],
    ['SageMaker metrics', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' }],
    ['an ENI in the role subnet', 'ec2:CreateNetworkInterface', regional('ec2', `subnet/${SUBNETS[0]}`), {}],
    ['an ENI with the role security group', 'ec2:CreateNetworkInterface', regional('ec2', `security-group/${SECURITY_GROUPS[0]}`), {}],
    ['creating the job log group', 'logs:CreateLogGroup', regional('logs', 'log-group:/aws/sagemaker/ProcessingJobs'), {}],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN a job makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['reading another bucket', 's3:GetObject', 'arn:aws:s3:::payroll/2026.csv', {}],
    ['deleting training data', 's3:DeleteObject', 'arn:aws:s3:::team-a-data/churn/train.csv', {}],
    ['pulling from another repository', 'ecr:BatchGetImage', regional('ecr', 'repository/prod/api'), {}],
    ['metrics in another namespace', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Billing' }],
    ['logs outside /aws/sagemaker', 'logs:PutLogEvents', regional('logs', 'log-group:/aws/lambda/x:log-stream:y'), {}],
    ['an ENI in another subnet', 'ec2:CreateNetworkInterface', regional('ec2', 'subnet/subnet-0fff9999'), {}],
    ['an ENI with another security group', 'ec2:CreateNetworkInterface', regional('ec2', 'security-group/sg-0fff9999'), {}],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN a job makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource, context })).toBe('ImplicitlyDenied');
  });
});

describe('AccessRequiredAwsServices without ECR repositories', () => {
  it('grants no ECR access at all', async () => {
    // GIVEN a compute role for built-in algorithms only
    const plan = planOf([ACTIVITY], { S3Buckets: ['team-a-data'] });
    // WHEN a job asks for a registry login  THEN it is denied
    expect(await decide(plan, { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe('ImplicitlyDenied');
  });
});
