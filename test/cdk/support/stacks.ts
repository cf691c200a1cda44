// Small builders for CDK test stacks: a stack with a concrete environment, and
// imported resources with known, valid identifiers.

import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const COMPUTE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/SageMaker-compute`;
export const DATA_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VOLUME_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;
export const SUBNET_ID = 'subnet-0123456789abcdef0';
export const SECURITY_GROUP_ID = 'sg-0123456789abcdef0';

export function newStack(id = 'TestStack'): Stack {
  return new Stack(new App(), id, { env: { account: ACCOUNT, region: REGION } });
}

/** Imported (concrete) resources, one of each kind the constructs accept. */
export function imported(stack: Stack) {
  return {
    compute: iam.Role.fromRoleArn(stack, 'Compute', COMPUTE_ROLE_ARN),
    bucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'team-a-data'),
    repository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'team-a/training'),
    subnet: ec2.Subnet.fromSubnetId(stack, 'Subnet', SUBNET_ID),
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', SECURITY_GROUP_ID),
    dataKey: kms.Key.fromKeyArn(stack, 'DataKey', DATA_KEY_ARN),
    volumeKey: kms.Key.fromKeyArn(stack, 'VolumeKey', VOLUME_KEY_ARN),
  };
}

export function resourcesOfType(stack: Stack, type: string): Record<string, { Properties: Record<string, unknown> }> {
  return Template.fromStack(stack).findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

/** The Properties of the only resource of `type` in the stack. */
export function onlyProperties(stack: Stack, type: string): Record<string, unknown> {
  const found = Object.values(resourcesOfType(stack, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0].Properties;
}
