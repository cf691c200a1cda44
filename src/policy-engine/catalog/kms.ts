// What the persona needs on the role's own KMS keys: use of the data keys to
// read and write encrypted data, and grants on the volume keys so SageMaker
// can attach encrypted storage to the jobs the persona starts.

import type { KmsSettings } from '../properties';
import type { StatementSpec } from './model';

export function kmsKeyStatements(kms: KmsSettings | undefined): StatementSpec[] {
  if (!kms) return [];
  const statements: StatementSpec[] = [];
  if (kms.dataKeyArns.length > 0) {
    statements.push({
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: kms.dataKeyArns,
    });
  }
  if (kms.volumeKeyArns.length > 0) {
    statements.push({
      // Only grants that an AWS service (SageMaker) creates on the persona's behalf.
      actions: ['kms:CreateGrant'],
      resources: kms.volumeKeyArns,
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  }
  return statements;
}
