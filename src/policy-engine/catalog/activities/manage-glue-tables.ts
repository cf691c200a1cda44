import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const manageGlueTables = defineActivity({
  id: 'ManageGlueTables',
  title: 'Manage Glue Tables',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManageGlueTables: this activity is not written yet');
  },
});
