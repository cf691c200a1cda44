import { defineActivity } from '../model';
import { mlflowTrackingServerArns, passRolesToSageMaker, tagOnCreate } from '../shared';

// Platform work on tracking servers: their lifecycle, not their contents. A
// tracking server runs as a role of its own (see AccessRequiredAwsServicesForMLflow),
// passed to SageMaker on create and update.
export const manageMLflowTrackingServers = defineActivity({
  id: 'ManageMLflowTrackingServers',
  title: 'Manage MLflow Tracking Servers',
  description:
    'Create, update, start, stop and delete SageMaker MLflow tracking servers (the given ones, or all in the account and region), passing their service role.',
  requiredParameters: ['PassRoles'],
  optionalParameters: ['MlflowTrackingServers'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'aws-managed-policies/SageMakerStudioAdminIAMDefaultExecutionPolicy.json', only: ['sagemaker:*MlflowTrackingServer*'] },
    ],
    omissions: {},
    extras: {
      'iam:PassRole': 'a tracking server runs as its own service role, passed to SageMaker only',
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'tracking servers are platform infrastructure shared by their users: starting, stopping, changing or deleting one affects everyone\'s experiments, and no owner check applies',
    instead: 'manage tracking servers from an administrator role without UserIsolation',
  },
  statements: ({ arn, params }) => {
    const servers = mlflowTrackingServerArns(arn, params.MlflowTrackingServers);
    return [
      {
        actions: [
          'sagemaker:CreateMlflowTrackingServer',
          'sagemaker:CreatePresignedMlflowTrackingServerUrl',
          'sagemaker:DeleteMlflowTrackingServer',
          'sagemaker:DescribeMlflowTrackingServer',
          'sagemaker:StartMlflowTrackingServer',
          'sagemaker:StopMlflowTrackingServer',
          'sagemaker:UpdateMlflowTrackingServer',
        ],
        resources: servers,
      },
      tagOnCreate(['sagemaker:CreateMlflowTrackingServer'], servers),
      { actions: ['sagemaker:ListMlflowTrackingServers'], resources: ['*'] },
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
