import { defineActivity } from '../model';
import { volumeKeyGrantsViaSageMaker } from '../kms';
import { passRolesToSageMaker, SHARED_REASON, tagOnCreate } from '../shared';

// SageMaker Model Monitor: monitoring schedules and the data quality, model
// quality, bias and explainability job definitions they run. Monitoring jobs
// run with a role the persona passes. Baselining (the SageMaker Python SDK's
// suggest_baseline()) runs a processing job, so processing jobs are created,
// watched and stopped here too, under the same VPC and KMS conditions as
// ManageMLJobs' jobs.

// Each takes a NetworkConfig and a monitoring output / volume key, so all four
// sagemaker:Vpc* / *KmsKeyArn keys apply to every one of them.
const CREATE_MONITORING = [
  'sagemaker:CreateDataQualityJobDefinition',
  'sagemaker:CreateModelBiasJobDefinition',
  'sagemaker:CreateModelExplainabilityJobDefinition',
  'sagemaker:CreateModelQualityJobDefinition',
  'sagemaker:CreateMonitoringSchedule',
];
const CREATE_BASELINE = ['sagemaker:CreateProcessingJob'];

export const manageModelMonitoring = defineActivity({
  id: 'ManageModelMonitoring',
  title: 'Manage Model Monitoring',
  description:
    'Create, update, start, stop and delete Model Monitor schedules and job definitions, run baselining processing jobs, and list executions and alerts.',
  requiredParameters: ['PassRoles'],
  vpc: true,
  kms: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/monitorModels.json' },
      { file: 'role-manager-templates/monitorModelsKms.json' },
      { file: 'role-manager-templates/monitorModelsVpc.json' },
      { file: 'role-manager-templates/monitorModelsVpcKms.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:*JobDefinition': 'schedules run data-quality, model-quality, bias and explainability job definitions (the template predates them)',
      'sagemaker:List*JobDefinitions': 'list the job definitions one manages (read-only, no resource type)',
      'sagemaker:ListMonitoringAlert*': 'Model Monitor alerts, shown with the schedule (read-only)',
      'sagemaker:ListMonitoringExecutions': 'the schedule\'s runs and their results (read-only)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    // iam:PassRole: only roles tagged as the caller's own (UserIsolation.UserProfileName roles).
    ownerChecked: [
      'iam:PassRole',
      'sagemaker:DeleteDataQualityJobDefinition',
      'sagemaker:DeleteModelBiasJobDefinition',
      'sagemaker:DeleteModelExplainabilityJobDefinition',
      'sagemaker:DeleteModelQualityJobDefinition',
      'sagemaker:DeleteMonitoringSchedule',
      'sagemaker:DescribeDataQualityJobDefinition',
      'sagemaker:DescribeModelBiasJobDefinition',
      'sagemaker:DescribeModelExplainabilityJobDefinition',
      'sagemaker:DescribeModelQualityJobDefinition',
      'sagemaker:DescribeMonitoringSchedule',
      'sagemaker:DescribeProcessingJob',
      'sagemaker:StartMonitoringSchedule',
      'sagemaker:StopMonitoringSchedule',
      'sagemaker:StopProcessingJob',
      'sagemaker:UpdateMonitoringSchedule',
    ],
    createdAsOwner: [...CREATE_MONITORING, ...CREATE_BASELINE, 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['kms:CreateGrant'], reason: SHARED_REASON.kms },
      {
        actions: [
          'sagemaker:ListDataQualityJobDefinitions',
          'sagemaker:ListModelBiasJobDefinitions',
          'sagemaker:ListModelExplainabilityJobDefinitions',
          'sagemaker:ListModelQualityJobDefinitions',
          'sagemaker:ListMonitoringAlertHistory',
          'sagemaker:ListMonitoringAlerts',
          'sagemaker:ListMonitoringExecutions',
          'sagemaker:ListMonitoringSchedules',
          'sagemaker:ListProcessingJobs',
        ],
        reason: SHARED_REASON.list,
      },
    ],
  },
  statements: (ctx) => {
    const { arn, params } = ctx;
    const schedules = [arn.sagemaker('monitoring-schedule/*')];
    const definitions = [
      arn.sagemaker('data-quality-job-definition/*'),
      arn.sagemaker('model-bias-job-definition/*'),
      arn.sagemaker('model-explainability-job-definition/*'),
      arn.sagemaker('model-quality-job-definition/*'),
    ];
    const processingJobs = [arn.sagemaker('processing-job/*')];
    return [
      {
        actions: CREATE_MONITORING,
        resources: [...schedules, ...definitions],
        vpc: true,
        volumeKms: true,
        outputKms: true,
        createdAsOwner: true,
      },
      { actions: CREATE_BASELINE, resources: processingJobs, vpc: true, volumeKms: true, outputKms: true, createdAsOwner: true },
      tagOnCreate([...CREATE_MONITORING, ...CREATE_BASELINE], [...schedules, ...definitions, ...processingJobs]),
      {
        actions: ['sagemaker:DescribeProcessingJob', 'sagemaker:StopProcessingJob'],
        resources: processingJobs,
        userOwned: true,
      },
      {
        // An update can change the network and keys too, so it gets the same conditions as a create.
        actions: ['sagemaker:UpdateMonitoringSchedule'],
        resources: schedules,
        vpc: true,
        volumeKms: true,
        outputKms: true,
        userOwned: true,
      },
      {
        actions: [
          'sagemaker:DeleteDataQualityJobDefinition',
          'sagemaker:DeleteModelBiasJobDefinition',
          'sagemaker:DeleteModelExplainabilityJobDefinition',
          'sagemaker:DeleteModelQualityJobDefinition',
          'sagemaker:DeleteMonitoringSchedule',
          'sagemaker:DescribeDataQualityJobDefinition',
          'sagemaker:DescribeModelBiasJobDefinition',
          'sagemaker:DescribeModelExplainabilityJobDefinition',
          'sagemaker:DescribeModelQualityJobDefinition',
          'sagemaker:DescribeMonitoringSchedule',
          'sagemaker:StartMonitoringSchedule',
          'sagemaker:StopMonitoringSchedule',
        ],
        resources: [...schedules, ...definitions],
        userOwned: true,
      },
      {
        actions: [
          'sagemaker:ListDataQualityJobDefinitions',
          'sagemaker:ListModelBiasJobDefinitions',
          'sagemaker:ListModelExplainabilityJobDefinitions',
          'sagemaker:ListModelQualityJobDefinitions',
          'sagemaker:ListMonitoringAlertHistory',
          'sagemaker:ListMonitoringAlerts',
          'sagemaker:ListMonitoringExecutions',
          'sagemaker:ListMonitoringSchedules',
          'sagemaker:ListProcessingJobs',
        ],
        resources: ['*'],
      },
      passRolesToSageMaker(params.PassRoles),
      // Monitoring and baselining jobs encrypt their volumes through a grant created in the caller's name.
      ...volumeKeyGrantsViaSageMaker(ctx),
    ];
  },
});
