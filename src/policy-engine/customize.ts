// Turns a catalog StatementSpec into an IAM statement with the role's VPC, KMS
// and ABAC conditions applied, as the spec's flags ask. Each condition comes
// with a Null check where the key could be absent: without it, a request that
// omits the VPC config or the KMS key would match ForAllValues / pass untested.

import type { StatementSpec } from './catalog/model';
import type { ArnBuilder } from './arn';
import { combineConditions } from './conditions';
import { callerUserProfileArn, fromOwnDomain } from './catalog/shared';
import { createdAsOwnerConditions, isolationContext, ownRoleCondition } from './user-isolation';
import type { RoleProperties } from './properties';
import type { ConditionBlock, Statement } from './types';

export const ConditionKey = {
  VpcSubnets: 'sagemaker:VpcSubnets',
  VpcSecurityGroupIds: 'sagemaker:VpcSecurityGroupIds',
  // The current keys; the deprecated sagemaker:VolumeKmsKey / sagemaker:OutputKmsKey are never used.
  VolumeKmsKeyArn: 'sagemaker:VolumeKmsKeyArn',
  OutputKmsKeyArn: 'sagemaker:OutputKmsKeyArn',
  UserProfileArnTag: 'sagemaker:ResourceTag/sagemaker:user-profile-arn',
} as const;

type Customization = Pick<RoleProperties, 'vpc' | 'kms' | 'userIsolation'>;

function vpcConditions(props: Customization): ConditionBlock | undefined {
  if (!props.vpc) return undefined;
  const allOf: Record<string, string[]> = {};
  const present: Record<string, string> = {};
  if (props.vpc.subnetIds.length > 0) {
    allOf[ConditionKey.VpcSubnets] = [...props.vpc.subnetIds];
    present[ConditionKey.VpcSubnets] = 'false';
  }
  if (props.vpc.securityGroupIds.length > 0) {
    allOf[ConditionKey.VpcSecurityGroupIds] = [...props.vpc.securityGroupIds];
    present[ConditionKey.VpcSecurityGroupIds] = 'false';
  }
  return { 'ForAllValues:StringEquals': allOf, Null: present };
}

function kmsCondition(key: string, arns: readonly string[] | undefined): ConditionBlock | undefined {
  if (!arns || arns.length === 0) return undefined;
  return { StringEquals: { [key]: [...arns] }, Null: { [key]: 'false' } };
}

/** The resource's owner tag names the caller's own profile in the role's domain (a per-user role: its one user). */
function userOwnedCondition(props: Customization, arn: ArnBuilder): ConditionBlock | undefined {
  if (!props.userIsolation) return undefined;
  const isolation = isolationContext(props.userIsolation);
  return combineConditions(
    { StringEquals: { [ConditionKey.UserProfileArnTag]: callerUserProfileArn(arn, isolation) } },
    fromOwnDomain(isolation),
  );
}

export function customizeStatement(spec: StatementSpec, props: Customization, arn: ArnBuilder): Statement {
  if (spec.userOwned && spec.createdAsOwner) throw new Error('a statement is either owner-checked or created-as-owner, not both');
  const condition = combineConditions(
    spec.conditions,
    spec.vpc ? vpcConditions(props) : undefined,
    spec.volumeKms ? kmsCondition(ConditionKey.VolumeKmsKeyArn, props.kms?.volumeKeyArns) : undefined,
    spec.outputKms ? kmsCondition(ConditionKey.OutputKmsKeyArn, props.kms?.dataKeyArns) : undefined,
    spec.userOwned ? userOwnedCondition(props, arn) : undefined,
    spec.createdAsOwner && props.userIsolation ? createdAsOwnerConditions(arn, isolationContext(props.userIsolation)) : undefined,
    spec.ownRoleOnly && props.userIsolation ? ownRoleCondition(props.userIsolation) : undefined,
  );
  return {
    Effect: 'Allow',
    Action: [...spec.actions],
    Resource: [...spec.resources],
    ...(condition ? { Condition: condition } : {}),
  };
}
