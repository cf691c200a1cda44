// ABAC in a shared role (see the user-level access control article): the
// identity comes from the session's source identity, which SageMaker Studio
// sets to the user profile name. The policy variables are written here only,
// never taken from user input.

import type { ArnBuilder } from './arn';
import type { StatementSpec } from './catalog/model';
import type { UserIsolationSettings } from './properties';
import { SOURCE_IDENTITY_VARIABLE } from './catalog/shared';

/** Each user reads only the secrets under `<prefix>/<their source identity>/`. */
export function userSecretsStatements(isolation: UserIsolationSettings | undefined, arn: ArnBuilder): StatementSpec[] {
  if (!isolation?.secretsPrefix) return [];
  return [
    {
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [arn.regional('secretsmanager', `secret:${isolation.secretsPrefix}/${SOURCE_IDENTITY_VARIABLE}/*`)],
    },
  ];
}

/** Trust policy actions: SetSourceIdentity lets Studio stamp each session with the user's identity. */
export function trustActions(isolation: UserIsolationSettings | undefined): string[] {
  return isolation ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : ['sts:AssumeRole'];
}
