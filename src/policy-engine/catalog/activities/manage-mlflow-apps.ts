import { defineActivity } from '../model';
import { passRolesToSageMaker, tagOnCreate } from '../shared';

// Platform work on MLflow Apps (SageMaker's serverless MLflow): their
// lifecycle, not their contents (that is UseMLflow). An app runs as a role of
// its own (see AccessRequiredAwsServicesForMLflowApps), passed to SageMaker on
// create and update. Apps are named by generated ids, so there is no
// parameter to narrow them: every app of the role's account and region.
const CREATE_APP = ['sagemaker:CreateMlflowApp'];

export const manageMLflowApps = defineActivity({
  id: 'ManageMLflowApps',
  title: 'Manage MLflow Apps',
  description: 'Create, update, open and delete SageMaker MLflow Apps (serverless MLflow), passing their service role.',
  requiredParameters: ['PassRoles'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'aws-managed-policies/SageMakerStudioAdminIAMDefaultExecutionPolicy.json', only: ['sagemaker:*MlflowApp*'] },
    ],
    omissions: {
      'sagemaker:CallMlflowAppApi': 'calling the app\'s MLflow API is using it, not managing it: UseMLflow grants it',
    },
    extras: {
      'iam:PassRole': 'an MLflow App runs as its own service role, passed to SageMaker only',
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'an MLflow App is platform infrastructure shared by its users: changing or deleting one affects everyone\'s experiments, and whoever can open one reads every user\'s runs and models in it',
    instead: 'manage MLflow Apps from an administrator role without UserIsolation, and give each user an app of their own in a role of their own',
  },
  statements: ({ arn, params }) => {
    const apps = [arn.sagemaker('mlflow-app/*')];
    return [
      {
        actions: [
          ...CREATE_APP,
          'sagemaker:CreatePresignedMlflowAppUrl',
          'sagemaker:DeleteMlflowApp',
          'sagemaker:DescribeMlflowApp',
          'sagemaker:UpdateMlflowApp',
        ],
        resources: apps,
      },
      tagOnCreate(CREATE_APP, apps),
      // ListMlflowApps has no resource type (service authorization reference).
      { actions: ['sagemaker:ListMlflowApps'], resources: ['*'] },
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
