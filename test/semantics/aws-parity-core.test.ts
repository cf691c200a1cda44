// Issue 9, defects 3-7 and the KMS over-grant of defect 6: each workflow AWS's
// own permission sets allow now works (allow cases), and each over-grant is
// gone (deny cases). Full engine, IAM policy simulator.

import {
  COMPUTE_ROLE,
  DATA_KEY,
  decide,
  IN_VPC_WITH_KEYS,
  KEY_POLICY_DELEGATING_TO_IAM,
  KMS_PROPS,
  planOf,
  regional,
  sm,
  VOLUME_KEY,
  VPC_KMS_PROPS,
} from './catalog-a-support';
import type { Decision, SimulationRequest } from '../support/simulate';

type Case = readonly [name: string, activities: string[], props: Record<string, unknown>, request: SimulationRequest, expected: Decision];

const PASS = { PassRoles: [COMPUTE_ROLE] };
const COMPUTE = { S3Buckets: ['team-a-data'], EcrRepositories: ['team-a/training'] };
const TRIAL_COMPONENT = sm('experiment-trial-component/churn-run-7-abc');
const ARTIFACT = sm('artifact/0123456789abcdef0123456789abcdef');
const VIA = (service: string) => ({ 'kms:ViaService': `${service}.us-east-1.amazonaws.com` });
/** A KMS request on one of the role's keys, whose key policy delegates to IAM. */
const onKey = (action: string, resource: string, context: Record<string, string> = {}): SimulationRequest => ({
  action,
  resource,
  context,
  resourcePolicy: KEY_POLICY_DELEGATING_TO_IAM,
});
const OUTSIDE_VPC = { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSubnets': ['subnet-0fffffff'] };

const CASES: readonly Case[] = [
  // Defect 3: Run.close() writes lineage for run.log_file() / log_artifact().
  ['3 ManageExperiments: creates the artifact of a logged file', ['ManageExperiments'], {}, { action: 'sagemaker:CreateArtifact', resource: ARTIFACT }, 'Allowed'],
  ['3 ManageExperiments: associates it with the run', ['ManageExperiments'], {}, { action: 'sagemaker:AddAssociation', resource: TRIAL_COMPONENT }, 'Allowed'],
  ['3 ManageExperiments: updates a lineage context', ['ManageExperiments'], {}, { action: 'sagemaker:UpdateContext', resource: sm('context/churn-endpoint-ctx') }, 'Allowed'],
  ['3 ManageExperiments: removes an association', ['ManageExperiments'], {}, { action: 'sagemaker:DeleteAssociation', resource: ARTIFACT }, 'Allowed'],
  ['3 ManageExperiments: still no lineage groups policy change', ['ManageExperiments'], {}, { action: 'sagemaker:DeleteModel', resource: sm('model/churn') }, 'ImplicitlyDenied'],
  // Defect 4: suggest_baseline() runs a processing job, under the role's VPC and keys.
  ['4 ManageModelMonitoring: baselining job in the VPC with the keys', ['ManageModelMonitoring'], { ...PASS, ...VPC_KMS_PROPS }, { action: 'sagemaker:CreateProcessingJob', resource: sm('processing-job/baseline-churn'), context: IN_VPC_WITH_KEYS }, 'Allowed'],
  ['4 ManageModelMonitoring: waits for the baselining job', ['ManageModelMonitoring'], PASS, { action: 'sagemaker:DescribeProcessingJob', resource: sm('processing-job/baseline-churn') }, 'Allowed'],
  ['4 ManageModelMonitoring: lists processing jobs', ['ManageModelMonitoring'], PASS, { action: 'sagemaker:ListProcessingJobs', resource: '*' }, 'Allowed'],
  ['4 ManageModelMonitoring: no baselining job outside the VPC', ['ManageModelMonitoring'], { ...PASS, ...VPC_KMS_PROPS }, { action: 'sagemaker:CreateProcessingJob', resource: sm('processing-job/baseline-churn'), context: OUTSIDE_VPC }, 'ImplicitlyDenied'],
  // Defect 5: the compute role logs experiment metrics and lists images.
  ['5 AccessRequiredAwsServices: metrics from inside a training job', ['AccessRequiredAwsServices'], COMPUTE, { action: 'sagemaker:BatchPutMetrics', resource: TRIAL_COMPONENT }, 'Allowed'],
  ['5 AccessRequiredAwsServices: lists images of its repository', ['AccessRequiredAwsServices'], COMPUTE, { action: 'ecr:ListImages', resource: regional('ecr', 'repository/team-a/training') }, 'Allowed'],
  ['5 AccessRequiredAwsServices: no images of other repositories', ['AccessRequiredAwsServices'], COMPUTE, { action: 'ecr:ListImages', resource: regional('ecr', 'repository/other/secret') }, 'ImplicitlyDenied'],
  // Defect 6: data keys only through S3, volume keys only as SageMaker grants.
  ['6 compute role: decrypts S3 data through S3', ['AccessRequiredAwsServices'], { ...COMPUTE, ...KMS_PROPS }, onKey('kms:Decrypt', DATA_KEY, VIA('s3')), 'Allowed'],
  ['6 compute role: no direct decrypt with the data key', ['AccessRequiredAwsServices'], { ...COMPUTE, ...KMS_PROPS }, onKey('kms:Decrypt', DATA_KEY), 'ImplicitlyDenied'],
  ['6 compute role: no encrypt with the data key', ['AccessRequiredAwsServices'], { ...COMPUTE, ...KMS_PROPS }, onKey('kms:Encrypt', DATA_KEY, VIA('s3')), 'ImplicitlyDenied'],
  ['6 ManageMLJobs: SageMaker grants on the volume key', ['ManageMLJobs'], { ...PASS, ...KMS_PROPS }, onKey('kms:CreateGrant', VOLUME_KEY, { ...VIA('sagemaker'), 'kms:GrantIsForAWSResource': 'true' }), 'Allowed'],
  ['6 ManageMLJobs: no grant made outside SageMaker', ['ManageMLJobs'], { ...PASS, ...KMS_PROPS }, onKey('kms:CreateGrant', VOLUME_KEY, { 'kms:GrantIsForAWSResource': 'true' }), 'ImplicitlyDenied'],
  ['6 ManageMLJobs: no data-key use at all', ['ManageMLJobs'], { ...PASS, ...KMS_PROPS }, onKey('kms:GenerateDataKey', DATA_KEY, VIA('s3')), 'ImplicitlyDenied'],
  ['6 ManageEndpoints: no decrypt with the data key', ['ManageEndpoints'], KMS_PROPS, onKey('kms:Decrypt', DATA_KEY, VIA('sagemaker')), 'ImplicitlyDenied'],
  // Defect 7: pipeline callbacks, custom Studio images and KMS in Studio, lineage groups and suggestions,
  // the Feature Store offline store, MLflow traces and MLflow Apps.
  ['7 ManagePipelines: a callback step reports success', ['ManagePipelines'], PASS, { action: 'sagemaker:SendPipelineExecutionStepSuccess', resource: sm('pipeline/churn/execution/abc123def456') }, 'Allowed'],
  ['7 ManagePipelines: a callback step reports failure', ['ManagePipelines'], PASS, { action: 'sagemaker:SendPipelineExecutionStepFailure', resource: sm('pipeline/churn/execution/abc123def456') }, 'Allowed'],
  ['7 RunStudioApps: creates an app image config', ['RunStudioApps'], {}, { action: 'sagemaker:CreateAppImageConfig', resource: sm('app-image-config/team-a-pytorch') }, 'Allowed'],
  ['7 RunStudioApps: lists app image configs', ['RunStudioApps'], {}, { action: 'sagemaker:ListAppImageConfigs', resource: '*' }, 'Allowed'],
  ['7 RunStudioApps: SageMaker grants on the volume key for a space', ['RunStudioApps'], KMS_PROPS, onKey('kms:CreateGrant', VOLUME_KEY, { ...VIA('sagemaker'), 'kms:GrantIsForAWSResource': 'true' }), 'Allowed'],
  ['7 RunStudioApps: reads encrypted S3 data through S3', ['RunStudioApps'], KMS_PROPS, onKey('kms:Decrypt', DATA_KEY, VIA('s3')), 'Allowed'],
  ['7 SearchVisualizeExperiments: search suggestions', ['SearchVisualizeExperiments'], {}, { action: 'sagemaker:GetSearchSuggestions', resource: '*' }, 'Allowed'],
  ['7 SearchVisualizeExperiments: describes a lineage group', ['SearchVisualizeExperiments'], {}, { action: 'sagemaker:DescribeLineageGroup', resource: '*' }, 'Allowed'],
  ['7 SearchVisualizeExperiments: still read-only', ['SearchVisualizeExperiments'], {}, { action: 'sagemaker:CreateArtifact', resource: ARTIFACT }, 'ImplicitlyDenied'],
  ['7 ManageGlueTables: Feature Store updates its offline-store table', ['ManageGlueTables'], {}, { action: 'glue:UpdateTable', resource: regional('glue', 'table/sagemaker_featurestore/customers-1700000000') }, 'Allowed'],
  ['7 ManageGlueTables: writes the offline store', ['ManageGlueTables'], { S3Buckets: ['team-a-offline-store'] }, { action: 's3:PutObject', resource: 'arn:aws:s3:::team-a-offline-store/111122223333/sagemaker/us-east-1/offline-store/customers/data/part-0.parquet' }, 'Allowed'],
  ['7 ManageGlueTables: no dropping Feature Store tables', ['ManageGlueTables'], {}, { action: 'glue:DeleteTable', resource: regional('glue', 'table/sagemaker_featurestore/customers-1700000000') }, 'ImplicitlyDenied'],
  ['7 UseMLflow: starts a trace', ['UseMLflow'], {}, { action: 'sagemaker-mlflow:StartTrace', resource: sm('mlflow-tracking-server/team-a') }, 'Allowed'],
  ['7 UseMLflow: searches traces', ['UseMLflow'], {}, { action: 'sagemaker-mlflow:SearchTraces', resource: sm('mlflow-tracking-server/team-a') }, 'Allowed'],
  ['7 UseMLflow: calls an MLflow App', ['UseMLflow'], {}, { action: 'sagemaker:CallMlflowAppApi', resource: sm('mlflow-app/app-0123456789ab') }, 'Allowed'],
  ['7 UseMLflow: does not delete MLflow Apps', ['UseMLflow'], {}, { action: 'sagemaker:DeleteMlflowApp', resource: sm('mlflow-app/app-0123456789ab') }, 'ImplicitlyDenied'],
  ['7 ManageMLflowApps: creates an MLflow App', ['ManageMLflowApps'], PASS, { action: 'sagemaker:CreateMlflowApp', resource: sm('mlflow-app/app-0123456789ab') }, 'Allowed'],
  ['7 ManageMLflowApps: passes its role to SageMaker', ['ManageMLflowApps'], PASS, { action: 'iam:PassRole', resource: COMPUTE_ROLE, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }, 'Allowed'],
  ['7 ManageMLflowApps: opens it', ['ManageMLflowApps'], PASS, { action: 'sagemaker:CreatePresignedMlflowAppUrl', resource: sm('mlflow-app/app-0123456789ab') }, 'Allowed'],
  ['7 ManageMLflowApps: no tracking servers', ['ManageMLflowApps'], PASS, { action: 'sagemaker:CreateMlflowTrackingServer', resource: sm('mlflow-tracking-server/x') }, 'ImplicitlyDenied'],
  ['7 ManageMLflowApps: no re-tagging an existing app', ['ManageMLflowApps'], PASS, { action: 'sagemaker:AddTags', resource: sm('mlflow-app/app-0123456789ab') }, 'ImplicitlyDenied'],
  ['7 AccessRequiredAwsServicesForMLflowApps: writes artifacts', ['AccessRequiredAwsServicesForMLflowApps'], { S3Buckets: ['team-a-mlflow'] }, { action: 's3:PutObject', resource: 'arn:aws:s3:::team-a-mlflow/artifacts/1/model.pkl' }, 'Allowed'],
  ['7 AccessRequiredAwsServicesForMLflowApps: registers a model', ['AccessRequiredAwsServicesForMLflowApps'], { S3Buckets: ['team-a-mlflow'] }, { action: 'sagemaker:CreateModelPackage', resource: sm('model-package/churn/1') }, 'Allowed'],
  ['7 AccessRequiredAwsServicesForMLflowApps: lists the artifact store', ['AccessRequiredAwsServicesForMLflowApps'], { S3Buckets: ['team-a-mlflow'] }, { action: 's3:ListBucket', resource: 'arn:aws:s3:::team-a-mlflow' }, 'Allowed'],
  ['7 AccessRequiredAwsServicesForMLflowApps: reads the artifact store only', ['AccessRequiredAwsServicesForMLflowApps'], { S3Buckets: ['team-a-mlflow'] }, { action: 's3:GetObject', resource: 'arn:aws:s3:::payroll/2026.csv' }, 'ImplicitlyDenied'],
  ['7 AccessRequiredAwsServicesForMLflowApps: never deletes registry entries', ['AccessRequiredAwsServicesForMLflowApps'], { S3Buckets: ['team-a-mlflow'] }, { action: 'sagemaker:DeleteModelPackage', resource: sm('model-package/churn/1') }, 'ImplicitlyDenied'],
];

describe('issue 9: AWS parity of the core activities', () => {
  it.each(CASES)('%s', async (_name, activities, props, request, expected) => {
    // GIVEN a role with exactly these activities  WHEN the request is simulated
    const decision = await decide(planOf(activities, props), request);
    // THEN the workflow works, or the removed over-grant stays removed
    expect(decision).toBe(expected);
  });
});
