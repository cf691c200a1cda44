import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const manageExperiments = defineActivity({
  id: 'ManageExperiments',
  title: 'Manage Experiments',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManageExperiments: this activity is not written yet');
  },
});
