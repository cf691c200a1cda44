import { defineActivity } from '../model';
import { canvasNamed, tagOnCreate } from '../shared';

// Taking a Canvas model further, following AmazonSageMakerCanvasDirectDeployAccess:
// deploy it to a real-time endpoint and watch the endpoint's invocation
// metrics, and register it in the Model Registry. Endpoints, their configs and
// models are limited to the names Canvas gives them; registry entries to this
// account and region. Canvas sets no VPC or KMS settings on what it deploys.
const CREATE_ACTIONS = [
  'sagemaker:CreateEndpoint',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:CreateModel',
  'sagemaker:CreateModelPackage',
  'sagemaker:CreateModelPackageGroup',
];

export const canvasMLOps = defineActivity({
  id: 'CanvasMLOps',
  title: 'Canvas MLOps',
  description:
    'Register Canvas models in the SageMaker Model Registry and deploy them to Canvas real-time endpoints, then invoke, update and delete those endpoints.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'aws-managed-policies/AmazonSageMakerCanvasDirectDeployAccess.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:AddTags': 'tags what it creates, only at creation (sagemaker:TaggingAction)',
      'sagemaker:CreateModel': 'a deployment hosts a SageMaker model made from the Canvas model (Canvas-named)',
      'sagemaker:DescribeModel': 'a deployment hosts a SageMaker model made from the Canvas model (Canvas-named)',
      'sagemaker:*ModelPackage*': 'the console\'s MLOps activity also registers Canvas models in the Model Registry',
      'sagemaker:DeleteEndpointConfig': 'deleting a deployment removes its endpoint configuration too',
      'sagemaker:ListEndpoints': 'list deployments (read-only, no resource type)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Canvas endpoints, endpoint configurations and registry entries are granted by name with no owner IAM could check, so any user could approve, update, invoke or delete another\'s',
    instead: 'give Canvas users an execution role of their own without UserIsolation, or deploy through ManageModels and ManageEndpoints, which are owner-checked',
  },
  statements: ({ arn }) => {
    const registry = [arn.sagemaker('model-package-group/*'), arn.sagemaker('model-package/*')];
    const endpoints = canvasNamed(arn, 'endpoint');
    const endpointConfigs = canvasNamed(arn, 'endpoint-config');
    const models = canvasNamed(arn, 'model');
    return [
      // A deployment hosts a SageMaker model made from the Canvas model.
      { actions: ['sagemaker:CreateModel', 'sagemaker:DescribeModel'], resources: models },
      {
        actions: [
          'sagemaker:CreateModelPackage',
          'sagemaker:CreateModelPackageGroup',
          'sagemaker:DescribeModelPackage',
          'sagemaker:DescribeModelPackageGroup',
          'sagemaker:UpdateModelPackage',
        ],
        resources: registry,
      },
      {
        // CreateEndpoint and UpdateEndpoint are authorized on the endpoint and on its config together.
        actions: [
          'sagemaker:CreateEndpoint',
          'sagemaker:CreateEndpointConfig',
          'sagemaker:DeleteEndpoint',
          'sagemaker:DeleteEndpointConfig',
          'sagemaker:DescribeEndpoint',
          'sagemaker:DescribeEndpointConfig',
          'sagemaker:InvokeEndpoint',
          'sagemaker:UpdateEndpoint',
        ],
        resources: [...endpoints, ...endpointConfigs],
      },
      tagOnCreate(CREATE_ACTIONS, [...registry, ...endpoints, ...endpointConfigs, ...models]),
      {
        // cloudwatch:GetMetricData reads the deployment's invocation metrics; metrics are not resources.
        actions: [
          'cloudwatch:GetMetricData',
          'sagemaker:ListEndpoints',
          'sagemaker:ListModelPackageGroups',
          'sagemaker:ListModelPackages',
        ],
        resources: ['*'],
      },
    ];
  },
});
