import { defineActivity } from '../model';
import { defaultBucketAccess, passRolesToSageMaker, tagOnCreate } from '../shared';

// Data preparation in Canvas (Data Wrangler): flows are kept in the default
// bucket and run at scale as processing jobs, which run as a passed role. The
// sources (S3, Athena, Glue) come from their own activities. Canvas sets no
// VPC or KMS settings on these jobs, so neither customization applies.
export const canvasDataPreparation = defineActivity({
  id: 'CanvasDataPreparation',
  title: 'Canvas Data Preparation',
  description:
    'Prepare data in SageMaker Canvas (Data Wrangler): keep flows in the default bucket and run data preparation jobs as processing jobs.',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Canvas keeps every user\'s data flows in the default bucket and its processing jobs carry no owner IAM could check, so any user could read another\'s flows or stop their jobs',
    instead: 'give Canvas users an execution role of their own (the user profile\'s ExecutionRole) without UserIsolation',
  },
  statements: ({ arn, params }) => {
    const processingJobs = [arn.sagemaker('processing-job/*')];
    return [
      {
        actions: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob'],
        resources: processingJobs,
      },
      tagOnCreate(['sagemaker:CreateProcessingJob'], processingJobs),
      { actions: ['sagemaker:ListProcessingJobs'], resources: ['*'] },
      ...defaultBucketAccess(arn),
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
