import { defineActivity, type ActivityContext, type StatementSpec } from '../model';
import { bucketDataAccess, S3_OBJECT_READ_WRITE_ACTIONS, tagOnCreate } from '../shared';

// The role an MLflow tracking server or MLflow App runs as (SageMaker assumes
// it): it reads and writes the artifact store and, when automatic model
// registration is on, registers MLflow models in the SageMaker Model Registry.
// Both kinds of MLflow need the same, so both activities render this.
// AWS documents the service role of MLflow tracking servers (and MLflow Apps) on one page.
const MLFLOW_SERVICE_ROLE_FIDELITY = {
  references: [
    {
      doc: 'https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-create-tracking-server-iam.html',
      actions: [
        's3:Get*',
        's3:List*',
        's3:Put*',
        'sagemaker:AddTags',
        'sagemaker:CreateModelPackage',
        'sagemaker:CreateModelPackageGroup',
        'sagemaker:DescribeModelPackageGroup',
        'sagemaker:UpdateModelPackage',
      ],
    },
  ],
  omissions: {
    's3:Get*': 'AWS grants every s3:Get* on the buckets; we grant reading objects of the artifact buckets only',
    's3:List*': 'AWS grants every s3:List*; we grant listing the artifact buckets and their uploads only',
    's3:Put*': 'AWS grants every s3:Put* (bucket policies and ACLs included); we grant writing objects only',
  },
  extras: {
    's3:AbortMultipartUpload': 'MLflow uploads large artifacts in parts and must abort failed uploads',
    's3:DeleteObject': 'deleting a run or model version deletes its artifacts',
    'sagemaker:DescribeModelPackage': 'automatic registration reads back the model package it created',
  },
};

const REGISTRY_CREATE = ['sagemaker:CreateModelPackage', 'sagemaker:CreateModelPackageGroup'];

function mlflowServiceRole({ arn, params, userIsolation }: ActivityContext): StatementSpec[] {
  const registry = [arn.sagemaker('model-package-group/*'), arn.sagemaker('model-package/*')];
  return [
    ...bucketDataAccess(arn, params.S3Buckets, S3_OBJECT_READ_WRITE_ACTIONS, userIsolation),
    {
      actions: [
        ...REGISTRY_CREATE,
        'sagemaker:DescribeModelPackage',
        'sagemaker:DescribeModelPackageGroup',
        'sagemaker:UpdateModelPackage',
      ],
      resources: registry,
    },
    tagOnCreate(REGISTRY_CREATE, registry),
  ];
}

export const accessRequiredAwsServicesForMLflow = defineActivity({
  id: 'AccessRequiredAwsServicesForMLflow',
  title: 'Access Required AWS Services for MLflow',
  description:
    'For an MLflow tracking server\'s own role: read and write its artifact store in the given S3 buckets and register models in the SageMaker Model Registry.',
  requiredParameters: ['S3Buckets'],
  vpc: false,
  kms: false,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: MLFLOW_SERVICE_ROLE_FIDELITY,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'it is a tracking server\'s own service role: SageMaker assumes it for the server, never for a Studio user, so there is no user to isolate',
    instead: 'create it without UserIsolation',
  },
  statements: mlflowServiceRole,
});

export const accessRequiredAwsServicesForMLflowApps = defineActivity({
  id: 'AccessRequiredAwsServicesForMLflowApps',
  title: 'Access Required AWS Services for MLflow Apps',
  description:
    'For an MLflow App\'s own role: read and write its artifact store in the given S3 buckets and register models in the SageMaker Model Registry.',
  requiredParameters: ['S3Buckets'],
  vpc: false,
  kms: false,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: MLFLOW_SERVICE_ROLE_FIDELITY,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'it is an MLflow App\'s own service role: SageMaker assumes it for the app, never for a Studio user, so there is no user to isolate',
    instead: 'create it without UserIsolation',
  },
  statements: mlflowServiceRole,
});
