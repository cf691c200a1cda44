import { defineActivity, type StatementSpec } from '../model';
import {
  canvasDataSources,
  defaultBucketAccess,
  passRolesToSageMaker,
  passRolesToService,
  sageMakerDefaultBucket,
  tagOnCreate,
} from '../shared';

// Data preparation in Canvas (Data Wrangler), following
// AmazonSageMakerCanvasDataPrepFullAccess: flows are kept in the default
// bucket and run at scale as processing jobs or as EMR Serverless job runs,
// exported to Feature Store, and scheduled with EventBridge rules that start
// a SageMaker pipeline. Runs use a passed role (PassRoles): passed to
// SageMaker (jobs, pipelines), EventBridge (the schedule) and EMR Serverless.
//
// Guardrails (issue 9, defect 1): processing jobs and pipelines are limited to
// the names Canvas gives them (`*canvas-data-prep*`), EMR Serverless
// applications and EventBridge rules to the tags Canvas puts on them. Canvas
// sets no VPC or KMS settings on these jobs, so no such conditions apply;
// other processing jobs are only possible through ManageMLJobs' conditions.
const CREATE = ['sagemaker:CreateFeatureGroup', 'sagemaker:CreatePipeline', 'sagemaker:CreateProcessingJob'];
const CANVAS_EMR_REQUEST = { StringEquals: { 'aws:RequestTag/sagemaker:is-canvas-resource': 'True' } };
const CANVAS_EMR_RESOURCE = { StringEquals: { 'aws:ResourceTag/sagemaker:is-canvas-resource': 'True' } };
const DATA_PREP_RULE_TAG = 'sagemaker:is-canvas-data-prep-job';

export const canvasDataPreparation = defineActivity({
  id: 'CanvasDataPreparation',
  title: 'Canvas Data Preparation',
  description:
    'Prepare data in SageMaker Canvas (Data Wrangler): import, transform and export data, run flows as Canvas-named processing jobs or on EMR Serverless, export to Feature Store, and schedule them.',
  requiredParameters: ['PassRoles'],
  optionalParameters: ['AthenaWorkgroups'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [{ file: 'aws-managed-policies/AmazonSageMakerCanvasDataPrepFullAccess.json' }],
    omissions: {
      'iam:ListRoles': 'lists every role of the account; the administrator names the roles Canvas may pass (PassRoles)',
    },
    extras: {
      's3:CreateBucket': 'Canvas creates the default bucket on first use when it does not exist yet',
      's3:ListMultipartUploadParts': 'resumes interrupted uploads of large datasets',
      'sagemaker:StopProcessingJob': 'stop a data preparation job Canvas started',
      'sagemaker:GetRecord': 'preview records of a feature group the flow exports to',
      'glue:GetPartitions': 'the data sources Canvas imports from are the same as CanvasCoreAccess\'s',
      'redshift-data:DescribeTable': 'the data sources Canvas imports from are the same as CanvasCoreAccess\'s',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Canvas keeps every user\'s data flows in the default bucket and its processing jobs carry no owner IAM could check, so any user could read another\'s flows or stop their jobs',
    instead: 'give Canvas users an execution role of their own (the user profile\'s ExecutionRole) without UserIsolation',
  },
  statements: ({ arn, params }): StatementSpec[] => {
    const processingJobs = [arn.sagemaker('processing-job/*canvas-data-prep*')];
    const pipelines = [arn.sagemaker('pipeline/*canvas-data-prep*')];
    const executions = [arn.sagemaker('pipeline/*canvas-data-prep*/execution/*')];
    const featureGroups = [arn.sagemaker('feature-group/*')];
    const applications = [arn.regional('emr-serverless', '/applications/*')];
    const rules = [arn.regional('events', 'rule/*')];
    const statements: StatementSpec[] = [
      { actions: ['sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob'], resources: processingJobs },
      {
        actions: ['sagemaker:CreatePipeline', 'sagemaker:DeletePipeline', 'sagemaker:DescribePipeline', 'sagemaker:StartPipelineExecution', 'sagemaker:UpdatePipeline'],
        resources: pipelines,
      },
      { actions: ['sagemaker:DescribePipelineExecution', 'sagemaker:ListPipelineExecutionSteps'], resources: executions },
      { actions: ['sagemaker:CreateFeatureGroup', 'sagemaker:DescribeFeatureGroup', 'sagemaker:GetRecord'], resources: featureGroups },
      tagOnCreate(CREATE, [...processingJobs, ...pipelines, ...featureGroups]),
      { actions: ['sagemaker:ListFeatureGroups', 'sagemaker:ListProcessingJobs'], resources: ['*'] },
      // Scheduling: EventBridge rules Canvas tags as data-preparation schedules, and only those.
      { actions: ['events:PutRule'], resources: rules, conditions: { StringEquals: { [`aws:RequestTag/${DATA_PREP_RULE_TAG}`]: 'true' } } },
      { actions: ['events:DescribeRule', 'events:PutTargets'], resources: rules, conditions: { StringEquals: { [`aws:ResourceTag/${DATA_PREP_RULE_TAG}`]: 'true' } } },
      {
        actions: ['events:TagResource'],
        resources: rules,
        conditions: {
          StringEquals: { [`aws:RequestTag/${DATA_PREP_RULE_TAG}`]: 'true', [`aws:ResourceTag/${DATA_PREP_RULE_TAG}`]: 'true' },
        },
      },
      { actions: ['events:ListTagsForResource'], resources: rules },
      // Large data on EMR Serverless: applications Canvas tags as its own, and only those.
      { actions: ['emr-serverless:CreateApplication'], resources: ['*'], conditions: CANVAS_EMR_REQUEST },
      { actions: ['emr-serverless:ListApplications'], resources: ['*'] },
      {
        actions: ['emr-serverless:GetApplication', 'emr-serverless:ListJobRuns', 'emr-serverless:UpdateApplication'],
        resources: applications,
        conditions: CANVAS_EMR_RESOURCE,
      },
      { actions: ['emr-serverless:StartJobRun', 'emr-serverless:TagResource'], resources: applications, conditions: CANVAS_EMR_REQUEST },
      {
        actions: ['emr-serverless:CancelJobRun', 'emr-serverless:GetJobRun'],
        resources: [arn.regional('emr-serverless', '/applications/*/jobruns/*')],
        conditions: CANVAS_EMR_RESOURCE,
      },
      // Importing from EMR clusters (read-only).
      { actions: ['elasticmapreduce:DescribeCluster', 'elasticmapreduce:ListInstanceGroups'], resources: [arn.regional('elasticmapreduce', 'cluster/*')] },
      { actions: ['elasticmapreduce:ListClusters', 'kms:ListAliases'], resources: ['*'] },
      // Choosing the key an export is encrypted with.
      { actions: ['kms:DescribeKey'], resources: [arn.regional('kms', 'key/*')] },
      ...defaultBucketAccess(arn),
      { actions: ['s3:GetBucketCors'], resources: [arn.s3(sageMakerDefaultBucket(arn))] },
      ...canvasDataSources(arn),
      {
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          arn.regional('logs', 'log-group:/aws/sagemaker/studio'),
          arn.regional('logs', 'log-group:/aws/sagemaker/studio:log-stream:*'),
        ],
      },
      { actions: ['iam:GetRole'], resources: params.PassRoles },
      passRolesToSageMaker(params.PassRoles),
      passRolesToService('events.amazonaws.com', params.PassRoles),
      passRolesToService('emr-serverless.amazonaws.com', params.PassRoles),
    ];
    if (params.AthenaWorkgroups.length > 0) {
      // Athena imports query only in the given workgroups.
      statements.push({
        actions: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
        resources: params.AthenaWorkgroups.map((wg) => arn.regional('athena', `workgroup/${wg}`)),
      });
    }
    return statements;
  },
});
