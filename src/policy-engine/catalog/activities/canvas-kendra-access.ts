import { defineActivity } from '../model';

// Canvas document querying searches Kendra indexes: exactly the given ones.
export const canvasKendraAccess = defineActivity({
  id: 'CanvasKendraAccess',
  title: 'Canvas Kendra Access',
  description: 'Query and retrieve from the given Amazon Kendra indexes in SageMaker Canvas.',
  requiredParameters: ['KendraIndexes'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { doc: 'https://docs.aws.amazon.com/sagemaker/latest/dg/canvas-setting-up-kendra.html', actions: ['kendra:DescribeIndex', 'kendra:ListIndices', 'kendra:Query'] },
    ],
    omissions: {},
    extras: {
      'kendra:Retrieve': 'Canvas\'s chat with documents retrieves passages from the index (Retrieve API)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [],
    createdAsOwner: [],
    parentChecked: [],
    shared: [
      {
        actions: ['kendra:DescribeIndex', 'kendra:Query', 'kendra:Retrieve'],
        reason: 'the KendraIndexes are document collections the administrator shares with every user of the role; queries keep no per-user results',
      },
      { actions: ['kendra:ListIndices'], reason: 'IAM authorizes it only on "*": it shows index names and status, not documents' },
    ],
  },
  statements: ({ arn, params }) => [
    {
      actions: ['kendra:DescribeIndex', 'kendra:Query', 'kendra:Retrieve'],
      resources: params.KendraIndexes.map((id) => arn.regional('kendra', `index/${id}`)),
    },
    // ListIndices has no resource type: Canvas lists the indexes, only the given ones can be used.
    { actions: ['kendra:ListIndices'], resources: ['*'] },
  ],
});
