import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const s3FullAccess = defineActivity({
  id: 'S3FullAccess',
  title: 'S3 Full Access',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('S3FullAccess: this activity is not written yet');
  },
});
