import { defineActivity } from '../model';
import { volumeKeyGrantsViaSageMaker } from '../kms';
import { tagOnCreate } from '../shared';

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
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: (ctx) => {
    const { arn } = ctx;
    const endpoints = [arn.sagemaker('endpoint/*')];
    const configs = [arn.sagemaker('endpoint-config/*')];
    return [
      // The endpoint configuration's KmsKeyId encrypts the instances' storage volumes: sagemaker:VolumeKmsKeyArn.
      { actions: CREATE_CONFIG, resources: configs, volumeKms: true },
      // CreateEndpoint authorizes both the new endpoint and the configuration it deploys.
      { actions: CREATE_ENDPOINT, resources: [...endpoints, ...configs] },
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
