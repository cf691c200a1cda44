import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const managePipelines = defineActivity({
  id: 'ManagePipelines',
  title: 'Manage Pipelines',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManagePipelines: this activity is not written yet');
  },
});
