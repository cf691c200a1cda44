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
  fidelity: {
    references: [
      { file: 'aws-managed-policies/AmazonSageMakerCanvasDataPrepFullAccess.json' },
    ],
    omissions: {},
    extras: {},
  },
  trustedServices: ['sagemaker.amazonaws.com'],
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
