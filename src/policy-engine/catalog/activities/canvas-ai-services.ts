import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const canvasAIServices = defineActivity({
  id: 'CanvasAIServices',
  title: 'Canvas AI Services',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('CanvasAIServices: this activity is not written yet');
  },
});
