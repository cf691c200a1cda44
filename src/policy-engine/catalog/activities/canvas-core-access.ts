import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const canvasCoreAccess = defineActivity({
  id: 'CanvasCoreAccess',
  title: 'Canvas Core Access',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('CanvasCoreAccess: this activity is not written yet');
  },
});
