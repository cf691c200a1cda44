import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const runStudioApps = defineActivity({
  id: 'RunStudioApps',
  title: 'Run Studio Applications',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('RunStudioApps: this activity is not written yet');
  },
});
