import { defineActivity, type StatementSpec } from '../model';
import { bucketDataAccess, S3_BUCKET_LOCATION_REASON, S3_OBJECT_READ_WRITE_ACTIONS } from '../shared';

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
  // With UserIsolation an S3Prefix is required (properties.ts): objects and listings only under the caller's prefix.
  isolation: {
    ownerChecked: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:ListMultipartUploadParts', 's3:PutObject'],
    createdAsOwner: [],
    parentChecked: [],
    shared: [{ actions: ['s3:GetBucketLocation'], reason: S3_BUCKET_LOCATION_REASON }],
  },
  statements: ({ arn, params, userIsolation }): StatementSpec[] =>
    bucketDataAccess(arn, params.S3Buckets, S3_OBJECT_READ_WRITE_ACTIONS, userIsolation),
});
