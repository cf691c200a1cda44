import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const runStudioEmrServerlessApps = defineActivity({
  id: 'RunStudioEmrServerlessApps',
  title: 'Run Studio EMR Serverless Applications',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('RunStudioEmrServerlessApps: this activity is not written yet');
  },
});
