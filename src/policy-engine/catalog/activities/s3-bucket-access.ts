import { defineActivity, type StatementSpec } from '../model';
import { bucketDataAccess, S3_OBJECT_READ_WRITE_ACTIONS } from '../shared';

// Objects in the named buckets only. With UserIsolation each Studio user gets
// `<S3Prefix>/<their source identity>/` in every bucket and nothing else.
export const s3BucketAccess = defineActivity({
  id: 'S3BucketAccess',
  title: 'S3 Bucket Access',
  description:
    'Read, write, delete and list objects in the given S3 buckets; with UserIsolation, only under each user\'s own prefix.',
  requiredParameters: ['S3Buckets'],
  vpc: false,
  kms: false,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/accessS3Buckets.json' },
    ],
    omissions: {},
    extras: {
      's3:AbortMultipartUpload': 'cleans up the parts of interrupted large uploads',
      's3:GetBucketLocation': 'SDKs look up the bucket region before any request',
      's3:ListMultipartUploadParts': 'resumes or cleans up large uploads',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: ({ arn, params, userIsolation }): StatementSpec[] =>
    bucketDataAccess(arn, params.S3Buckets, S3_OBJECT_READ_WRITE_ACTIONS, userIsolation),
});
