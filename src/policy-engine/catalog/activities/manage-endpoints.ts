import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const manageEndpoints = defineActivity({
  id: 'ManageEndpoints',
  title: 'Manage Endpoints',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManageEndpoints: this activity is not written yet');
  },
});
