import { defineActivity } from '../model';
import { volumeKeyGrantsViaSageMaker } from '../kms';
import { SHARED_REASON, tagOnCreate } from '../shared';

// Real-time endpoints and their configurations: deploy, update, test and delete.
// The endpoint runs with its model's execution role, so nothing is passed here.

const CREATE_CONFIG = ['sagemaker:CreateEndpointConfig'];
const CREATE_ENDPOINT = ['sagemaker:CreateEndpoint'];

export const manageEndpoints = defineActivity({
  id: 'ManageEndpoints',
  title: 'Manage Endpoints',
  description: 'Create, update, invoke, describe and delete endpoints and endpoint configurations.',
  requiredParameters: [],
  // Endpoint networking comes from the model (ManageModels' CreateModel carries the VPC keys).
  vpc: false,
  kms: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/manageEndpoints.json' },
      { file: 'role-manager-templates/manageEndpointsKMS.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what the persona creates, only at creation (sagemaker:TaggingAction), so Studio\'s user-profile tag can mark the creator',
      'sagemaker:InvokeEndpoint': 'testing a deployed endpoint is part of deploying it (the console\'s test tab)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [
      'sagemaker:DeleteEndpoint',
      'sagemaker:DeleteEndpointConfig',
      'sagemaker:DescribeEndpoint',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:InvokeEndpoint',
      'sagemaker:UpdateEndpoint',
      'sagemaker:UpdateEndpointWeightsAndCapacities',
    ],
    createdAsOwner: [...CREATE_CONFIG, 'sagemaker:AddTags'],
    // CreateEndpoint deploys an existing endpoint configuration: it must be the caller's own.
    parentChecked: CREATE_ENDPOINT,
    shared: [
      { actions: ['kms:CreateGrant'], reason: SHARED_REASON.kms },
      { actions: ['sagemaker:ListEndpointConfigs', 'sagemaker:ListEndpoints'], reason: SHARED_REASON.list },
    ],
  },
  statements: (ctx) => {
    const { arn } = ctx;
    const endpoints = [arn.sagemaker('endpoint/*')];
    const configs = [arn.sagemaker('endpoint-config/*')];
    return [
      // The endpoint configuration's KmsKeyId encrypts the instances' storage volumes: sagemaker:VolumeKmsKeyArn.
      { actions: CREATE_CONFIG, resources: configs, volumeKms: true, createdAsOwner: true },
      // CreateEndpoint authorizes both the new endpoint and the configuration it deploys;
      // with UserIsolation the new endpoint is the caller's and the configuration already was.
      { actions: CREATE_ENDPOINT, resources: endpoints, createdAsOwner: true },
      { actions: CREATE_ENDPOINT, resources: configs, userOwned: true },
      tagOnCreate([...CREATE_CONFIG, ...CREATE_ENDPOINT], [...endpoints, ...configs]),
      {
        actions: [
          'sagemaker:DeleteEndpoint',
          'sagemaker:DeleteEndpointConfig',
          'sagemaker:DescribeEndpoint',
          'sagemaker:DescribeEndpointConfig',
          'sagemaker:InvokeEndpoint',
          'sagemaker:UpdateEndpoint',
          'sagemaker:UpdateEndpointWeightsAndCapacities',
        ],
        resources: [...endpoints, ...configs],
        userOwned: true,
      },
      {
        actions: ['sagemaker:ListEndpointConfigs', 'sagemaker:ListEndpoints'],
        resources: ['*'],
      },
      // The instances' volumes are encrypted through a grant on VolumeKmsKeyArns created in the caller's name.
      ...volumeKeyGrantsViaSageMaker(ctx),
    ];
  },
});
