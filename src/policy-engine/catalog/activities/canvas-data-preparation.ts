import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const canvasDataPreparation = defineActivity({
  id: 'CanvasDataPreparation',
  title: 'Canvas Data Preparation',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('CanvasDataPreparation: this activity is not written yet');
  },
});
