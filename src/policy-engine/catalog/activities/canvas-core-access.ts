import { defineActivity, type StatementSpec } from '../model';
import {
  canvasDataSources,
  canvasNamed,
  defaultBucketAccess,
  passRolesToSageMaker,
  sageMakerDefaultBucket,
  tagOnCreate,
} from '../shared';

// SageMaker Canvas, following AmazonSageMakerCanvasFullAccess (the managed
// policy the console's Core Access activity attaches). Canvas builds models
// with AutoML (time series too: Canvas uses AutoML V2 for forecasts, so Amazon
// Forecast is not granted), trains, processes, compiles and batch-predicts
// with jobs, and hosts in-app endpoints, running them as the role it passes
// (its own execution role), which therefore also writes job logs.
//
// Guardrails (issue 9, defect 1): every SageMaker resource Canvas creates is
// named with "canvas" and only such names are granted, as AWS does. Canvas
// sets no VPC or KMS settings on its jobs, so these creates carry no VPC/KMS
// conditions; any other job is only possible through ManageMLJobs, whose
// creates require the role's VPC and keys. A Canvas-named job is Canvas's.
const CREATE_JOBS = [
  'sagemaker:CreateAutoMLJob',
  'sagemaker:CreateAutoMLJobV2',
  'sagemaker:CreateCompilationJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateTrainingJob',
];
// Batch predictions also name the model they run: only Canvas's models.
const CREATE_TRANSFORM = ['sagemaker:CreateTransformJob'];
const CREATE_HOSTING = ['sagemaker:CreateEndpoint', 'sagemaker:CreateEndpointConfig', 'sagemaker:CreateModel'];
const CREATE_REGISTRY = ['sagemaker:CreateModelPackage', 'sagemaker:CreateModelPackageGroup'];

export const canvasCoreAccess = defineActivity({
  id: 'CanvasCoreAccess',
  title: 'Canvas Core Access',
  description:
    'Use SageMaker Canvas: import data, build, validate, compile and batch-predict with Canvas-named jobs, host in-app endpoints, register models, keep working data in the default bucket.',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [{ file: 'aws-managed-policies/AmazonSageMakerCanvasFullAccess.json' }],
    omissions: {
      'forecast:*': 'Canvas builds time-series forecasts with AutoML V2; Amazon Forecast is closed to new customers',
      'emr-serverless:*': 'large-data processing on EMR Serverless is CanvasDataPreparation\'s (AWS repeats it in both policies)',
      'application-autoscaling:*': 'autoscaling in-app endpoints: they run on one instance; scaling policies are endpoint administration',
      'cloudwatch:*Alarm*': 'alarms only serve endpoint autoscaling (see application-autoscaling)',
      'iam:CreateServiceLinkedRole': 'creating service-linked roles is account administration, done once by an administrator',
      'ec2:CreateVpcEndpoint': 'VPC endpoints of a VPC-only domain are network administration, created by an administrator',
      'quicksight:ListNamespaces': 'sending predictions to QuickSight needs QuickSight permissions granted on their own',
      'secretsmanager:PutResourcePolicy': 'a secret\'s resource policy can share it with other accounts; Canvas reads its own secrets without one',
    },
    extras: {
      'glue:GetTable': 'Canvas reads the definition of the table it imports',
      'sagemaker:ListAutoMLJobs': 'list the models being built (read-only, no resource type)',
      'sagemaker:ListModels': 'list the models (read-only, no resource type)',
      'sagemaker:ListTransformJobs': 'list batch predictions (read-only, no resource type)',
      's3:AbortMultipartUpload': 'datasets are uploaded in parts; interrupted uploads are aborted',
      's3:ListMultipartUploadParts': 'resumes interrupted dataset uploads',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Canvas keeps every user\'s datasets and models in the default bucket and names its AutoML jobs, models and transform jobs with no owner IAM could check, so any user could read, stop or delete another\'s',
    instead: 'give Canvas users an execution role of their own (the user profile\'s ExecutionRole) without UserIsolation',
  },
  statements: ({ arn, params }): StatementSpec[] => {
    const transformJobs = canvasNamed(arn, 'transform-job');
    const jobs = [
      ...canvasNamed(arn, 'automl-job'),
      ...canvasNamed(arn, 'compilation-job'),
      ...canvasNamed(arn, 'processing-job'),
      ...canvasNamed(arn, 'training-job'),
      ...transformJobs,
    ];
    const hosting = [...canvasNamed(arn, 'endpoint'), ...canvasNamed(arn, 'endpoint-config'), ...canvasNamed(arn, 'model')];
    const registry = [arn.sagemaker('model-package-group/*'), arn.sagemaker('model-package/*')];
    const bucket = sageMakerDefaultBucket(arn);
    return [
      { actions: CREATE_JOBS, resources: jobs.filter((j) => !transformJobs.includes(j)) },
      {
        actions: CREATE_TRANSFORM,
        resources: transformJobs,
        conditions: { ArnLike: { 'sagemaker:ModelArn': canvasNamed(arn, 'model') } },
      },
      {
        actions: [
          'sagemaker:DescribeAutoMLJob',
          'sagemaker:DescribeAutoMLJobV2',
          'sagemaker:DescribeCompilationJob',
          'sagemaker:DescribeProcessingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:DescribeTransformJob',
          'sagemaker:StopAutoMLJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:StopTransformJob',
        ],
        resources: jobs,
      },
      {
        // In-app endpoints for real-time predictions inside Canvas.
        actions: [
          ...CREATE_HOSTING,
          'sagemaker:DeleteEndpoint',
          'sagemaker:DeleteEndpointConfig',
          'sagemaker:DeleteModel',
          'sagemaker:DescribeEndpoint',
          'sagemaker:DescribeEndpointConfig',
          'sagemaker:DescribeModel',
          'sagemaker:InvokeEndpoint',
          'sagemaker:InvokeEndpointAsync',
          'sagemaker:UpdateEndpointWeightsAndCapacities',
        ],
        resources: hosting,
      },
      {
        actions: [
          ...CREATE_REGISTRY,
          'sagemaker:DescribeModelPackage',
          'sagemaker:DescribeModelPackageGroup',
        ],
        resources: registry,
      },
      tagOnCreate([...CREATE_JOBS, ...CREATE_TRANSFORM, ...CREATE_HOSTING, ...CREATE_REGISTRY], [...jobs, ...hosting, ...registry]),
      {
        // Canvas's own app (logging out of Canvas deletes it) and the user details it shows.
        actions: ['sagemaker:DeleteApp'],
        resources: canvasNamed(arn, 'app'),
      },
      {
        actions: ['sagemaker:DescribeDomain', 'sagemaker:DescribeUserProfile', 'sagemaker:ListTags'],
        resources: [arn.sagemaker('domain/*'), arn.sagemaker('user-profile/*')],
      },
      // These List* actions have no resource type (service authorization reference).
      {
        actions: [
          'sagemaker:ListAutoMLJobs',
          'sagemaker:ListCandidatesForAutoMLJob',
          'sagemaker:ListEndpoints',
          'sagemaker:ListModelPackageGroups',
          'sagemaker:ListModelPackages',
          'sagemaker:ListModels',
          'sagemaker:ListTransformJobs',
        ],
        resources: ['*'],
      },
      // The jobs run as the passed role, which writes their logs (Canvas passes its own execution role).
      {
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          arn.regional('logs', 'log-group:/aws/sagemaker/*'),
          arn.regional('logs', 'log-group:/aws/sagemaker/*:log-stream:*'),
        ],
      },
      {
        // SageMaker's AutoML and built-in images live in AWS's own registries, whose repository
        // policies decide; images of this account come only through AccessRequiredAwsServices.
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
      },
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      ...defaultBucketAccess(arn),
      // Canvas uploads from the browser straight to the default bucket, after checking its CORS rules.
      { actions: ['s3:GetBucketCors'], resources: [arn.s3(bucket)] },
      // Ready-to-use JumpStart models are read from AWS's JumpStart cache of the role's region.
      { actions: ['s3:GetObject'], resources: [arn.s3(`jumpstart-cache-prod-${arn.region}/*`)] },
      // Keys Canvas created for its own data (tagged Source=SageMakerCanvas), to show and use them.
      {
        actions: ['kms:DescribeKey'],
        resources: [arn.regional('kms', 'key/*')],
        conditions: { StringEquals: { 'aws:ResourceTag/Source': 'SageMakerCanvas' } },
      },
      {
        // The VPC settings Canvas shows and checks (read-only, no resource type).
        actions: [
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcEndpointServices',
          'ec2:DescribeVpcEndpoints',
          'ec2:DescribeVpcs',
        ],
        resources: ['*'],
      },
      ...canvasDataSources(arn),
      { actions: ['iam:GetRole'], resources: params.PassRoles },
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
