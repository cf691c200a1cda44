import { defineActivity } from '../model';
import { passRolesToSageMaker, SHARED_REASON, tagOnCreate } from '../shared';

// Models and the model registry (model packages and groups). CreateModel takes
// the execution role the model's containers run with, hence PassRoles.

const CREATE_MODEL = ['sagemaker:CreateModel'];
const CREATE_REGISTRY = ['sagemaker:CreateModelPackage', 'sagemaker:CreateModelPackageGroup'];

// With UserIsolation a user may create and manage their own groups and reject
// their own packages, never approve: an approval usually deploys. Approving
// stays with a role of its own (e.g. the MLOps persona, not shared).
const NOT_APPROVED = { StringEqualsIfExists: { 'sagemaker:ModelApprovalStatus': ['PendingManualApproval', 'Rejected'] } };

// Why CreateModelPackage is not granted with UserIsolation. The service
// authorization reference authorizes it on the new model-package only (an
// optional resource type) with no condition key naming the group it joins, so
// no condition can require that group to be the caller's: alice could add a
// version, even a pending one, to bob's group, which his approval flow and
// deployment pipelines would pick up as his. A group name convention is no
// substitute: profile names may contain hyphens (alice vs alice-b) and group
// names allow nothing else to separate them.
const CREATE_PACKAGE_WITHHELD =
  'IAM authorizes CreateModelPackage on the new package only, with no condition key for the model package group it joins, so any user could add a version to another user\'s group (which that user\'s approval and deployment would take as theirs): register versions from a role that is not shared by isolated users, e.g. a SageMaker pipeline\'s execution role (RegisterModel step) or an MLOps role trusted with those groups';

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
    createdAsOwner: [...CREATE_MODEL, 'sagemaker:CreateModelPackageGroup', 'sagemaker:AddTags'],
    parentChecked: [],
    shared: [
      { actions: ['sagemaker:ListModelPackageGroups', 'sagemaker:ListModelPackages', 'sagemaker:ListModels'], reason: SHARED_REASON.list },
    ],
    withheld: [{ actions: ['sagemaker:CreateModelPackage'], reason: CREATE_PACKAGE_WITHHELD }],
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
      // Not granted with UserIsolation (CREATE_PACKAGE_WITHHELD): the group it joins is not checked.
      { actions: ['sagemaker:CreateModelPackage'], resources: packages, createdAsOwner: true, withheldWhenIsolated: true },
      userIsolated
        ? tagOnCreate([...CREATE_MODEL, 'sagemaker:CreateModelPackageGroup'], [...models, ...groups])
        : tagOnCreate([...CREATE_MODEL, ...CREATE_REGISTRY], [...models, ...registry]),
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
