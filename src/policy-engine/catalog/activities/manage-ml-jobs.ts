import { defineActivity } from '../model';
import { passRolesToSageMaker } from '../shared';

// Training, processing, tuning and AutoML jobs: created, watched and stopped by the persona,
// run by a compute role it passes.
export const manageMLJobs = defineActivity({
  id: 'ManageMLJobs',
  title: 'Manage ML Jobs',
  description: 'Create, describe, stop and list training, processing, tuning and AutoML jobs, passing a compute role to them.',
  requiredParameters: ['PassRoles'],
  vpc: true,
  kms: true,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: ({ arn, params }) => [
    {
      // These five accept VpcConfig, VolumeKmsKeyId and OutputDataConfig.KmsKeyId.
      actions: [
        'sagemaker:CreateAutoMLJob',
        'sagemaker:CreateAutoMLJobV2',
        'sagemaker:CreateHyperParameterTuningJob',
        'sagemaker:CreateProcessingJob',
        'sagemaker:CreateTrainingJob',
      ],
      resources: [
        arn.sagemaker('automl-job/*'),
        arn.sagemaker('hyper-parameter-tuning-job/*'),
        arn.sagemaker('processing-job/*'),
        arn.sagemaker('training-job/*'),
      ],
      vpc: true,
      volumeKms: true,
      outputKms: true,
    },
    {
      actions: [
        'sagemaker:DescribeAutoMLJob',
        'sagemaker:DescribeAutoMLJobV2',
        'sagemaker:DescribeHyperParameterTuningJob',
        'sagemaker:DescribeProcessingJob',
        'sagemaker:DescribeTrainingJob',
        'sagemaker:ListCandidatesForAutoMLJob',
        'sagemaker:ListTrainingJobsForHyperParameterTuningJob',
        'sagemaker:StopAutoMLJob',
        'sagemaker:StopHyperParameterTuningJob',
        'sagemaker:StopProcessingJob',
        'sagemaker:StopTrainingJob',
        'sagemaker:UpdateTrainingJob',
      ],
      resources: [
        arn.sagemaker('automl-job/*'),
        arn.sagemaker('hyper-parameter-tuning-job/*'),
        arn.sagemaker('processing-job/*'),
        arn.sagemaker('training-job/*'),
      ],
      userOwned: true,
    },
    {
      // List* actions do not support resource-level permissions (service authorization reference).
      actions: [
        'sagemaker:ListAutoMLJobs',
        'sagemaker:ListHyperParameterTuningJobs',
        'sagemaker:ListProcessingJobs',
        'sagemaker:ListTrainingJobs',
      ],
      resources: ['*'],
    },
    passRolesToSageMaker(params.PassRoles),
  ],
});
