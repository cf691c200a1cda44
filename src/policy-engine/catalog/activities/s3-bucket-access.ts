import { defineActivity, type StatementSpec } from '../model';
import { S3_OBJECT_READ_WRITE_ACTIONS, s3BucketArns, s3ObjectArns, SOURCE_IDENTITY_VARIABLE } from '../shared';

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
  trustedServices: ['sagemaker.amazonaws.com'],
  statements: ({ arn, params, userIsolation }): StatementSpec[] => {
    const buckets = params.S3Buckets;
    if (userIsolation === undefined) {
      return [
        { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: s3BucketArns(arn, buckets) },
        { actions: S3_OBJECT_READ_WRITE_ACTIONS, resources: s3ObjectArns(arn, buckets) },
      ];
    }
    const userPrefix = [userIsolation.s3Prefix, SOURCE_IDENTITY_VARIABLE].filter((p) => p !== '').join('/');
    return [
      { actions: ['s3:GetBucketLocation'], resources: s3BucketArns(arn, buckets) },
      {
        // StringLike without IfExists: a listing without a prefix would show
        // every user's object keys, so it is denied rather than allowed.
        actions: ['s3:ListBucket'],
        resources: s3BucketArns(arn, buckets),
        conditions: { StringLike: { 's3:prefix': `${userPrefix}/*` } },
      },
      { actions: S3_OBJECT_READ_WRITE_ACTIONS, resources: s3ObjectArns(arn, buckets, `${userPrefix}/*`) },
    ];
  },
});
