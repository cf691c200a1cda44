import { defineActivity } from '../model';
import { passRolesToSageMaker, SHARED_REASON, tagOnCreate } from '../shared';

// Models and the model registry (model packages and groups). CreateModel takes
// the execution role the model's containers run with, hence PassRoles.

const CREATE_MODEL = ['sagemaker:CreateModel'];
const CREATE_REGISTRY = ['sagemaker:CreateModelPackage', 'sagemaker:CreateModelPackageGroup'];

// With UserIsolation a user may register and reject, never approve: IAM authorizes
// CreateModelPackage on the new package alone, not on the group it joins, so a
// package could land in another user's group, and an approval usually deploys.
// Approving stays with a role of its own (e.g. the MLOps persona, not shared).
const NOT_APPROVED = { StringEqualsIfExists: { 'sagemaker:ModelApprovalStatus': ['PendingManualApproval', 'Rejected'] } };

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
  isolation: {
    // iam:PassRole: only roles tagged as the caller's own (UserIsolation.UserProfileName roles).
    ownerChecked: [
      'iam:PassRole',
      'sagemaker:BatchDescribeModelPackage',
      'sagemaker:DeleteModel',
      'sagemaker:DeleteModelPackage',
      'sagemaker:DeleteModelPackageGroup',
      'sagemaker:DescribeModel',
      'sagemaker:DescribeModelPackage',
      'sagemaker:DescribeModelPackageGroup',
      'sagemaker:UpdateModelPackage',
    ],
    // CreateModelPackage: created-as-owner and never approved (see NOT_APPROVED).
    createdAsOwner: [...CREATE_MODEL, ...CREATE_REGISTRY, 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['sagemaker:ListModelPackageGroups', 'sagemaker:ListModelPackages', 'sagemaker:ListModels'], reason: SHARED_REASON.list },
    ],
  },
  statements: ({ arn, params, userIsolation }) => {
    const userIsolated = userIsolation !== undefined;
    const models = [arn.sagemaker('model/*')];
    const packages = [arn.sagemaker('model-package/*')];
    const groups = [arn.sagemaker('model-package-group/*')];
    const registry = [...packages, ...groups];
    return [
      // CreateModel accepts VpcConfig (sagemaker:VpcSubnets / VpcSecurityGroupIds) but no KMS key.
      { actions: CREATE_MODEL, resources: models, vpc: true, createdAsOwner: true },
      { actions: ['sagemaker:CreateModelPackageGroup'], resources: groups, createdAsOwner: true },
      {
        actions: ['sagemaker:CreateModelPackage'],
        resources: packages,
        createdAsOwner: true,
        ...(userIsolated ? { conditions: NOT_APPROVED } : {}),
      },
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
        ],
        resources: [...models, ...registry],
        userOwned: true,
      },
      {
        actions: ['sagemaker:UpdateModelPackage'],
        resources: packages,
        userOwned: true,
        ...(userIsolated ? { conditions: NOT_APPROVED } : {}),
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
