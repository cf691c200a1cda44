import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const manageModelMonitoring = defineActivity({
  id: 'ManageModelMonitoring',
  title: 'Manage Model Monitoring',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('ManageModelMonitoring: this activity is not written yet');
  },
});
