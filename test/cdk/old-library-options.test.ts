// Code written for the old Role Manager CDK library, call for call: every
// static function with the options its documentation gives. `npm test`
// type-checks this file, so each call that must compile does; the one that
// cannot is marked with @ts-expect-error and listed in the README's
// differences table with its replacement.
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Activity, Persona } from '../../cdk/lib';
import { ensureLambdaBundle } from './support/bundle';
import { newStack } from './support/stacks';

beforeAll(() => ensureLambdaBundle());

function oldResources(stack: Stack) {
  return {
    rolesToPass: [iam.Role.fromRoleArn(stack, 'Pass', 'arn:aws:iam::111122223333:role/SageMaker-compute')],
    s3Buckets: [s3.Bucket.fromBucketName(stack, 'Bucket', 'team-a-data')],
    ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Repo', 'team-a/training')],
    subnets: [ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0a1b2c3d4e5f60718')],
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')],
    // keys in the stack's region (newStack's REGION): a key of another region is refused
    dataKeys: [kms.Key.fromKeyArn(stack, 'DataKey', 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555')],
    volumeKeys: [kms.Key.fromKeyArn(stack, 'VolumeKey', 'arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-8888-9999-000000000000')],
  };
}

describe("the old library's option names", () => {
  it('compile and synthesize for every activity function, with the same option names', () => {
    // GIVEN the old library's calls (its option objects, including the ones it required to be empty)
    const stack = newStack('Old');
    const { rolesToPass, s3Buckets, ecrRepositories, subnets, securityGroups, dataKeys, volumeKeys } = oldResources(stack);
    const activities = [
      Activity.accessAwsServices(stack, 'a1', { ecrRepositories, s3Buckets, subnets, securityGroups, dataKeys, volumeKeys }),
      Activity.accessS3AllResources(stack, 'a2', {}),
      Activity.accessS3AllResourcesV2(stack, 'a3', {}),
      Activity.accessS3Buckets(stack, 'a4', { s3Buckets }),
      Activity.manageEndpoints(stack, 'a5', { dataKeys, volumeKeys }),
      Activity.manageExperiments(stack, 'a6', {}),
      Activity.manageGlueTables(stack, 'a7', { s3Buckets, glueDatabaseNames: ['team_a'] }),
      Activity.manageJobs(stack, 'a8', { rolesToPass, subnets, securityGroups, dataKeys, volumeKeys }),
      Activity.manageModels(stack, 'a9', { rolesToPass }),
      Activity.managePipelines(stack, 'a10', { rolesToPass }),
      Activity.monitorModels(stack, 'a11', { rolesToPass, subnets, securityGroups, dataKeys, volumeKeys }),
      Activity.queryAthenaGroups(stack, 'a12', { athenaWorkgroupNames: ['primary'] }),
      Activity.runStudioAppsV2(stack, 'a13', {}),
      Activity.visualizeExperiments(stack, 'a14', {}),
    ];
    // WHEN each becomes a role, as with the old activity.createRole(scope, id, suffix, description)
    // THEN every one synthesizes (the engine validated its options)
    activities.forEach((a, i) => expect(() => a.createRole(stack, `Role${i}`, `old-${i}`, 'from the old library')).not.toThrow());
  });

  it('runStudioApps no longer takes rolesToPass: the roles go to the activity that launches the work', () => {
    const stack = newStack('Studio');
    const { rolesToPass } = oldResources(stack);
    // GIVEN the old call: it does not compile (the README's differences table gives the replacement)
    // @ts-expect-error rolesToPass is not an option of runStudioApps (RunStudioApps passes no role)
    expect(() => Activity.runStudioApps(stack, 'Old', { rolesToPass })).toThrow(/rolesToPass/);
    // WHEN written as the table says THEN it synthesizes
    const persona = new Persona(stack, 'Ds', { activities: [Activity.runStudioApps(stack, 'Studio'), Activity.manageJobs(stack, 'Jobs', { rolesToPass })] });
    expect(() => persona.createRole(stack, 'DsRole', 'ds')).not.toThrow();
  });
});
