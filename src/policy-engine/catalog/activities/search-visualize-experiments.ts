import { defineActivity } from '../model';

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
  trustedServices: ['sagemaker.amazonaws.com'],
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
        'sagemaker:QueryLineage',
        'sagemaker:Search',
        // Lineage groups and search suggestions have no resource type (service authorization reference).
        'sagemaker:DescribeLineageGroup',
        'sagemaker:GetLineageGroupPolicy',
        'sagemaker:GetSearchSuggestions',
      ],
      resources: ['*'],
    },
  ],
});
