import { defineActivity } from '../model';
import type { StatementSpec } from '../model';
import { dataKeysViaS3 } from '../kms';
import { S3_BUCKET_LOCATION_REASON, SHARED_REASON, bucketDataAccess, ecrRepositoryArns } from '../shared';

// The compute role's job-time access: what a training, processing or
// transform job, or an endpoint, needs while it runs. Resource "*" appears
// only for actions that IAM authorizes against "*" alone. With VPC settings,
// job ENIs can be created only in the role's own subnets and security groups.

// Log groups SageMaker jobs and endpoints write to (/aws/sagemaker/TrainingJobs, .../Endpoints/<name>, ...).
const SAGEMAKER_LOG_GROUPS = 'log-group:/aws/sagemaker/*';

export const accessRequiredAwsServices = defineActivity({
  id: 'AccessRequiredAwsServices',
  title: 'Access Required AWS Services',
  description:
    'Compute role for jobs and endpoints: read and write the given S3 buckets, pull images from the given ECR repositories, write logs and metrics, and attach to the VPC.',
  requiredParameters: ['S3Buckets'],
  optionalParameters: ['EcrRepositories'],
  vpc: true,
  // Jobs read and write S3 objects encrypted with DataKmsKeyArns (through S3 only).
  kms: true,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/accessAWSServices.json' },
      { file: 'role-manager-templates/accessAWSServicesKms.json' },
      { file: 'role-manager-templates/accessAWSServicesVpc.json' },
      { file: 'role-manager-templates/accessAWSServicesVpcKms.json' },
    ],
    omissions: {},
    extras: {
      's3:AbortMultipartUpload': 'jobs upload large model artifacts in parts and must abort failed uploads',
      's3:GetBucketLocation': 'SDKs look up the bucket region before any request',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused:
      'it is a compute role: SageMaker assumes it for jobs and endpoints with no source identity and no Studio context, so in a role shared by several users no per-user condition can apply (a per-user S3 prefix would deny every job even its own user\'s data)',
    instead:
      'give each user a compute role of their own: this activity with UserIsolation.UserProfileName (S3 data only under that user\'s prefix; the role is tagged for that user, and an isolated shared role lets only that user pass it), see cfn/examples/abac-shared-domain.yaml',
    perUserRole: {
      // S3 objects and listings under the user's own prefix; metrics only to the user's own trial components and jobs.
      ownerChecked: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sagemaker:BatchPutMetrics'],
      createdAsOwner: [],
      parentChecked: [],
      shared: [
        { actions: ['s3:GetBucketLocation'], reason: S3_BUCKET_LOCATION_REASON },
        { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], reason: SHARED_REASON.kms },
        {
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          reason: 'a job writes its own logs to the SageMaker log groups; the role reads no log events, only stream names',
        },
        { actions: ['cloudwatch:PutMetricData'], reason: 'writes metrics to the /aws/sagemaker/ namespaces only; reads nothing' },
        {
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
            'ec2:DeleteNetworkInterfacePermission',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeSubnets',
            'ec2:DescribeVpcs',
          ],
          reason: 'attaches the job to the VPC (the role\'s own subnets and security groups when VPC settings are given); no user data',
        },
        {
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages'],
          reason: 'pulls images from the EcrRepositories the administrator shares with every user',
        },
      ],
    },
  },
  statements: (ctx) => {
    const { arn, params, network, userIsolation } = ctx;
    const statements: StatementSpec[] = [
      ...bucketDataAccess(arn, params.S3Buckets, ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], userIsolation),
      {
        actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
        resources: [arn.regional('logs', SAGEMAKER_LOG_GROUPS)],
      },
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [arn.regional('logs', `${SAGEMAKER_LOG_GROUPS}:log-stream:*`)],
      },
      {
        // Experiment metrics a training job logs from inside its container (the SageMaker
        // Python SDK's Run in a job) go to the trial component behind the job.
        actions: ['sagemaker:BatchPutMetrics'],
        resources: [arn.sagemaker('experiment-trial-component/*'), arn.sagemaker('training-job/*')],
        // In a role of one user's own: only that user's trial components and jobs.
        userOwned: true,
      },
      {
        // Metrics are not resources: PutMetricData is authorized against "*", so the namespace condition scopes it.
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
      },
      {
        // Jobs and endpoints in a VPC attach through ENIs SageMaker creates with this role.
        actions: [
          'ec2:DescribeDhcpOptions',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
        ],
        resources: ['*'],
      },
      {
        actions: ['ec2:CreateNetworkInterface'],
        resources: [
          arn.regional('ec2', 'network-interface/*'),
          ...(network?.subnetIds.map((id) => arn.regional('ec2', `subnet/${id}`)) ?? [arn.regional('ec2', 'subnet/*')]),
          ...(network?.securityGroupIds.map((id) => arn.regional('ec2', `security-group/${id}`)) ?? [
            arn.regional('ec2', 'security-group/*'),
          ]),
        ],
      },
      {
        actions: [
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
        ],
        resources: [arn.regional('ec2', 'network-interface/*')],
      },
    ];
    if (params.EcrRepositories.length > 0) {
      statements.push(
        // The registry login token is account-wide: ecr:GetAuthorizationToken supports no resource type.
        { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages'],
          resources: ecrRepositoryArns(arn, params.EcrRepositories),
        },
      );
    }
    statements.push(...dataKeysViaS3(ctx));
    return statements;
  },
});
