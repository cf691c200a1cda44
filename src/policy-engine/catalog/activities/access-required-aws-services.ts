import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const accessRequiredAwsServices = defineActivity({
  id: 'AccessRequiredAwsServices',
  title: 'Access Required AWS Services',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('AccessRequiredAwsServices: this activity is not written yet');
  },
});
