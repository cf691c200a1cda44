import { defineActivity } from '../model';
import { bucketDataAccess, S3_OBJECT_READ_WRITE_ACTIONS } from '../shared';

// The one deliberately broad activity: data in every bucket the role can reach
// (bucket policies in other accounts still decide there). Broad in buckets,
// not in actions: no `s3:*`, so the role can read and write objects but never
// change a bucket's policy, ACL, encryption, lifecycle or replication, nor
// delete a bucket. With UserIsolation.S3Prefix, objects only under each user's prefix.
export const s3FullAccess = defineActivity({
  id: 'S3FullAccess',
  title: 'S3 Full Access',
  description:
    'Read, write, delete and list objects in every S3 bucket (no bucket configuration changes); prefer S3BucketAccess where the buckets are known.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/accessS3AllResources.json' },
      { file: 'role-manager-templates/accessS3AllResourcesV2.json' },
    ],
    omissions: {},
    extras: {
      's3:AbortMultipartUpload': 'cleans up the parts of interrupted large uploads',
      's3:GetBucketLocation': 'SDKs look up the bucket region before any request',
      's3:ListAllMyBuckets': 'Studio\'s file browser and the console list buckets to pick one',
      's3:ListBucketMultipartUploads': 'finds interrupted large uploads to clean them up',
      's3:ListMultipartUploadParts': 'resumes or cleans up large uploads',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'IAM cannot anchor a per-user prefix at the root of every bucket: in arn:aws:s3:::*/<prefix>/<user>/* the bucket wildcard also spans key segments, so it matches another user\'s prefix deeper in any bucket',
    instead: 'S3BucketAccess with S3Buckets and UserIsolation.S3Prefix, which anchors each prefix at the root of a named bucket',
  },
  statements: ({ arn, userIsolation }) => [
    ...bucketDataAccess(arn, ['*'], S3_OBJECT_READ_WRITE_ACTIONS, userIsolation),
    // Lists upload ids and keys of unfinished uploads: whole-bucket, so not granted under UserIsolation.
    ...(userIsolation?.s3Prefix === undefined
      ? [{ actions: ['s3:ListBucketMultipartUploads'], resources: [arn.s3('*')] }]
      : []),
    // ListAllMyBuckets has no resource type (service authorization reference).
    { actions: ['s3:ListAllMyBuckets'], resources: ['*'] },
  ],
});
