import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const canvasKendraAccess = defineActivity({
  id: 'CanvasKendraAccess',
  title: 'Canvas Kendra Access',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('CanvasKendraAccess: this activity is not written yet');
  },
});
