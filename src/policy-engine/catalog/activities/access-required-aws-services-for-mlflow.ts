import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const accessRequiredAwsServicesForMLflow = defineActivity({
  id: 'AccessRequiredAwsServicesForMLflow',
  title: 'Access Required AWS Services for MLflow',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('AccessRequiredAwsServicesForMLflow: this activity is not written yet');
  },
});
