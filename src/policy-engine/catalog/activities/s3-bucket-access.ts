import { defineActivity } from '../model';

// PLACEHOLDER: the catalog author replaces this whole file. Selecting it fails loudly until then.
export const s3BucketAccess = defineActivity({
  id: 'S3BucketAccess',
  title: 'S3 Bucket Access',
  description: 'Not written yet.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: () => {
    throw new Error('S3BucketAccess: this activity is not written yet');
  },
});
