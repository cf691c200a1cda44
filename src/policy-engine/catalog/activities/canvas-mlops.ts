import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const canvasMLOps = defineActivity({
  id: 'CanvasMLOps',
  title: 'Canvas MLOps',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('CanvasMLOps: this activity is not written yet');
  },
});
