import { defineActivity } from '../model';
import { passRolesToSageMaker, tagOnCreate } from '../shared';

// Models and the model registry (model packages and groups). CreateModel takes
// the execution role the model's containers run with, hence PassRoles.

const CREATE_MODEL = ['sagemaker:CreateModel'];
const CREATE_REGISTRY = ['sagemaker:CreateModelPackage', 'sagemaker:CreateModelPackageGroup'];

export const manageModels = defineActivity({
  id: 'ManageModels',
  title: 'Manage Models',
  description:
    'Create, describe, update and delete models and model registry packages and groups, passing an execution role to models.',
  requiredParameters: ['PassRoles'],
  vpc: true,
  kms: false,
  fidelity: {
    references: [
      { file: 'role-manager-templates/manageModels.json' },
      { file: 'role-manager-templates/manageModelsVpc.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: ({ arn, params }) => {
    const models = [arn.sagemaker('model/*')];
    const registry = [arn.sagemaker('model-package/*'), arn.sagemaker('model-package-group/*')];
    return [
      // CreateModel accepts VpcConfig (sagemaker:VpcSubnets / VpcSecurityGroupIds) but no KMS key.
      { actions: CREATE_MODEL, resources: models, vpc: true },
      { actions: CREATE_REGISTRY, resources: registry },
      tagOnCreate([...CREATE_MODEL, ...CREATE_REGISTRY], [...models, ...registry]),
      {
        actions: [
          'sagemaker:BatchDescribeModelPackage',
          'sagemaker:DeleteModel',
          'sagemaker:DeleteModelPackage',
          'sagemaker:DeleteModelPackageGroup',
          'sagemaker:DescribeModel',
          'sagemaker:DescribeModelPackage',
          'sagemaker:DescribeModelPackageGroup',
          'sagemaker:UpdateModelPackage',
        ],
        resources: [...models, ...registry],
        userOwned: true,
      },
      {
        // ListModelPackages names model-package only as an optional resource type and
        // takes no package ARN; like the other List* actions it is authorized against "*".
        actions: ['sagemaker:ListModelPackageGroups', 'sagemaker:ListModelPackages', 'sagemaker:ListModels'],
        resources: ['*'],
      },
      passRolesToSageMaker(params.PassRoles),
    ];
  },
});
