// Renders the selected activities into the role's permission statements: each
// activity's specs with the role's customization applied, the role-level KMS
// and ABAC statements, merged and sorted.

import type { ArnBuilder } from './arn';
import { findActivity } from './catalog';
import type { ActivityContext, ActivityDefinition, StatementSpec } from './catalog/model';
import { customizeStatement } from './customize';
import { mergeSerialized, mergeStatements, type SerializedStatement } from './merge';
import type { RoleProperties } from './properties';
import type { Statement } from './types';
import { grantedSpecs, userSecretsStatements } from './user-isolation';

export function selectedActivities(props: Pick<RoleProperties, 'activities'>): ActivityDefinition[] {
  return props.activities.map((id) => {
    const activity = findActivity(id);
    if (!activity) throw new Error(`activity ${id} is not in the catalog`);
    return activity;
  });
}

export function activityContext(props: RoleProperties, arn: ArnBuilder): ActivityContext {
  return {
    arn,
    params: props.params,
    ...(props.userIsolation?.s3Prefix !== undefined ? { userIsolation: { s3Prefix: props.userIsolation.s3Prefix } } : {}),
    ...(props.userIsolation ? { userIsolated: true } : {}),
    ...(props.vpc ? { network: { subnetIds: props.vpc.subnetIds, securityGroupIds: props.vpc.securityGroupIds } } : {}),
    ...(props.kms ? { kmsKeys: { dataKeyArns: props.kms.dataKeyArns, volumeKeyArns: props.kms.volumeKeyArns } } : {}),
  };
}

/** Specs per source, unmerged: one entry per activity (each with its own KMS key use) plus the role-level ABAC statements. */
export function renderSpecsBySource(props: RoleProperties, arn: ArnBuilder): { source: string; specs: StatementSpec[] }[] {
  const ctx = activityContext(props, arn);
  const sources = selectedActivities(props).map((activity) => ({ source: activity.id, specs: grantedSpecs(activity, ctx) }));
  const secrets = userSecretsStatements(props.userIsolation, arn);
  if (secrets.length > 0) sources.push({ source: 'UserIsolation', specs: secrets });
  return sources;
}

/** Customized statements, one list per source, before merging. */
export function renderUnmerged(props: RoleProperties, arn: ArnBuilder): { source: string; statements: Statement[] }[] {
  return renderSpecsBySource(props, arn).map(({ source, specs }) => ({
    source,
    statements: specs.map((spec) => customizeStatement(spec, props, arn)),
  }));
}

/** The role's permission statements after customization, merged and in canonical order. */
export function renderStatements(props: RoleProperties, arn: ArnBuilder): Statement[] {
  return mergeStatements(renderUnmerged(props, arn).flatMap((s) => s.statements));
}

/** renderStatements with each statement's JSON, for the packer. */
export function renderSerialized(props: RoleProperties, arn: ArnBuilder): SerializedStatement[] {
  return mergeSerialized(renderUnmerged(props, arn).flatMap((s) => s.statements));
}
