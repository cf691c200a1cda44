import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const useMLflow = defineActivity({
  id: 'UseMLflow',
  title: 'Use MLflow',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('UseMLflow: this activity is not written yet');
  },
});
