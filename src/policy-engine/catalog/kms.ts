// What an activity needs on the role's own KMS keys. Following AWS's Role
// Manager templates, key use is always tied to the service that uses the key
// on the persona's behalf (kms:ViaService), never granted for direct calls:
// - data keys (DataKmsKeyArns) encrypt and decrypt S3 objects: Decrypt and
//   GenerateDataKey, only through S3 in the role's region;
// - volume keys (VolumeKmsKeyArns) encrypt the storage SageMaker attaches to
//   jobs, endpoints and Studio apps: SageMaker needs a grant the caller
//   creates, so user activities get CreateGrant for AWS resources, only
//   through SageMaker in the role's region.

import type { ActivityContext, StatementSpec } from './model';
import { serviceEndpoints } from './shared';

/** kms:Decrypt / kms:GenerateDataKey on the data keys, only when S3 calls KMS for the role. */
export function dataKeysViaS3({ arn, kmsKeys }: ActivityContext): StatementSpec[] {
  if (!kmsKeys || kmsKeys.dataKeyArns.length === 0) return [];
  return [
    {
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: kmsKeys.dataKeyArns,
      conditions: { StringEquals: { 'kms:ViaService': serviceEndpoints(arn, 's3') } },
    },
  ];
}

/**
 * kms:CreateGrant on the volume keys, only for grants SageMaker creates for the
 * AWS resources it runs (a job's volumes, an endpoint's instances, a Studio
 * app's storage). `describe` adds kms:DescribeKey through SageMaker, which
 * Studio uses to check the key of a space's volume.
 */
export function volumeKeyGrantsViaSageMaker({ arn, kmsKeys }: ActivityContext, describe = false): StatementSpec[] {
  if (!kmsKeys || kmsKeys.volumeKeyArns.length === 0) return [];
  const viaSageMaker = { 'kms:ViaService': serviceEndpoints(arn, 'sagemaker') };
  return [
    {
      actions: ['kms:CreateGrant'],
      resources: kmsKeys.volumeKeyArns,
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: viaSageMaker },
    },
    ...(describe
      ? [{ actions: ['kms:DescribeKey'], resources: kmsKeys.volumeKeyArns, conditions: { StringEquals: viaSageMaker } }]
      : []),
  ];
}
