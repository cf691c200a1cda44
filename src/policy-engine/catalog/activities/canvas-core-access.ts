import { defineActivity } from '../model';
import { canvasNamed, defaultBucketAccess, passRolesToSageMaker, tagOnCreate } from '../shared';

// Canvas builds models with AutoML jobs (time-series forecasting included:
// Canvas builds those with AutoML V2, so neither Amazon Forecast nor its
// forecast.amazonaws.com trust is granted) and predicts in batches with
// transform jobs. Models are limited to the names Canvas gives them, and
// transform jobs to running those models (sagemaker:ModelArn), whatever the
// job is called. No VPC or KMS conditions: Canvas sets neither on the jobs it
// creates, so requiring them would deny every build.
const AUTOML_CREATE = ['sagemaker:CreateAutoMLJob', 'sagemaker:CreateAutoMLJobV2'];

export const canvasCoreAccess = defineActivity({
  id: 'CanvasCoreAccess',
  title: 'Canvas Core Access',
  description:
    'Use SageMaker Canvas to prepare data, build, validate and batch-predict with models (AutoML jobs, Canvas models and transform jobs, the default bucket).',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Canvas keeps every user\'s datasets and models in the default bucket and names its AutoML jobs, models and transform jobs with no owner IAM could check, so any user could read, stop or delete another\'s',
    instead: 'give Canvas users an execution role of their own (the user profile\'s ExecutionRole) without UserIsolation',
  },
  statements: ({ arn, params }) => {
    const automlJobs = [arn.sagemaker('automl-job/*')];
    const models = canvasNamed(arn, 'model');
    const transformJobs = [arn.sagemaker('transform-job/*')];
    return [
      {
        actions: [
          ...AUTOML_CREATE,
          'sagemaker:DescribeAutoMLJob',
          'sagemaker:DescribeAutoMLJobV2',
          'sagemaker:StopAutoMLJob',
        ],
        resources: automlJobs,
      },
      { actions: ['sagemaker:CreateModel', 'sagemaker:DeleteModel', 'sagemaker:DescribeModel'], resources: models },
      {
        actions: ['sagemaker:CreateTransformJob'],
        resources: transformJobs,
        conditions: { ArnLike: { 'sagemaker:ModelArn': models } },
      },
      { actions: ['sagemaker:DescribeTransformJob', 'sagemaker:StopTransformJob'], resources: transformJobs },
      tagOnCreate(
        [...AUTOML_CREATE, 'sagemaker:CreateModel', 'sagemaker:CreateTransformJob'],
        [...automlJobs, ...models, ...transformJobs],
      ),
      // These List* actions have no resource type (service authorization reference).
      {
        actions: [
          'sagemaker:ListAutoMLJobs',
          'sagemaker:ListCandidatesForAutoMLJob',
          'sagemaker:ListModels',
          'sagemaker:ListTransformJobs',
        ],
        resources: ['*'],
      },
      ...defaultBucketAccess(arn),
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
