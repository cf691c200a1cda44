import { defineActivity } from '../model';
import { SEARCH_WITHHELD, SHARED_REASON } from '../shared';

const LINEAGE_WITHHELD =
  'SageMaker creates lineage entities itself, with no owner tag, and they name other users\' data and models: no IAM condition can tell whose they are';

// Read-only: search experiments, trials and trial components, chart their
// metrics, and query ML lineage (actions, artifacts, contexts, associations,
// lineage groups). Studio's search box asks for suggestions as you type.

export const searchVisualizeExperiments = defineActivity({
  id: 'SearchVisualizeExperiments',
  title: 'Search and Visualize Experiments',
  description: 'Search and describe experiments, trials and trial components, read their metrics, and query ML lineage.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'role-manager-templates/visualizeExperiments.json' },
    ],
    omissions: {},
    extras: {
      'sagemaker:BatchGetMetrics': 'charting a run\'s metrics in Studio reads them with BatchGetMetrics',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [
      'sagemaker:BatchGetMetrics',
      'sagemaker:DescribeExperiment',
      'sagemaker:DescribeTrial',
      'sagemaker:DescribeTrialComponent',
    ],
    createdAsOwner: [],
    parentChecked: [],
    shared: [
      {
        actions: [
          'sagemaker:ListActions',
          'sagemaker:ListArtifacts',
          'sagemaker:ListAssociations',
          'sagemaker:ListContexts',
          'sagemaker:ListExperiments',
          'sagemaker:ListLineageGroups',
          'sagemaker:ListTrialComponents',
          'sagemaker:ListTrials',
        ],
        reason: SHARED_REASON.list,
      },
    ],
    withheld: [
      { actions: ['sagemaker:GetSearchSuggestions', 'sagemaker:Search'], reason: SEARCH_WITHHELD },
      {
        actions: [
          'sagemaker:DescribeAction',
          'sagemaker:DescribeArtifact',
          'sagemaker:DescribeContext',
          'sagemaker:DescribeLineageGroup',
          'sagemaker:GetLineageGroupPolicy',
          'sagemaker:QueryLineage',
        ],
        reason: LINEAGE_WITHHELD,
      },
    ],
  },
  statements: ({ arn }) => [
    {
      actions: [
        'sagemaker:BatchGetMetrics',
        'sagemaker:DescribeExperiment',
        'sagemaker:DescribeTrial',
        'sagemaker:DescribeTrialComponent',
      ],
      resources: [
        arn.sagemaker('experiment/*'),
        arn.sagemaker('experiment-trial/*'),
        arn.sagemaker('experiment-trial-component/*'),
        // BatchGetMetrics also reads the metrics of the training job behind a trial component.
        arn.sagemaker('training-job/*'),
      ],
      userOwned: true,
    },
    {
      // Not userOwned: SageMaker's automatic lineage tracking creates most of these entities
      // itself, not through the caller's tagged Create* calls, so an ABAC tag check would hide them.
      actions: ['sagemaker:DescribeAction', 'sagemaker:DescribeArtifact', 'sagemaker:DescribeContext'],
      resources: [arn.sagemaker('action/*'), arn.sagemaker('artifact/*'), arn.sagemaker('context/*')],
      withheldWhenIsolated: true,
    },
    {
      // No resource-level permissions for these: "*" is the only resource IAM matches them with.
      actions: [
        'sagemaker:ListActions',
        'sagemaker:ListArtifacts',
        'sagemaker:ListAssociations',
        'sagemaker:ListContexts',
        'sagemaker:ListExperiments',
        'sagemaker:ListLineageGroups',
        'sagemaker:ListTrialComponents',
        'sagemaker:ListTrials',
      ],
      resources: ['*'],
    },
    {
      // Reads across every user's records (lineage groups have no resource type either):
      // not granted with UserIsolation, see the isolation block.
      actions: [
        'sagemaker:DescribeLineageGroup',
        'sagemaker:GetLineageGroupPolicy',
        'sagemaker:GetSearchSuggestions',
        'sagemaker:QueryLineage',
        'sagemaker:Search',
      ],
      resources: ['*'],
      withheldWhenIsolated: true,
    },
  ],
});
