import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const searchVisualizeExperiments = defineActivity({
  id: 'SearchVisualizeExperiments',
  title: 'Search and Visualize Experiments',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('SearchVisualizeExperiments: this activity is not written yet');
  },
});
