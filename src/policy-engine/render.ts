// Renders the selected activities into the role's permission statements: each
// activity's specs with the role's customization applied, the role-level KMS
// and ABAC statements, merged and sorted.

import { arnBuilder, type ArnBuilder } from './arn';
import { findActivity } from './catalog';
import type { ActivityContext, ActivityDefinition, StatementSpec } from './catalog/model';
import { customizeStatement } from './customize';
import { mergeSerialized, mergeStatements, type SerializedStatement } from './merge';
import type { RoleProperties } from './properties';
import type { Statement } from './types';
import { grantedSpecs, isolationContext, userSecretsStatements } from './user-isolation';

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
    ...(props.userIsolation ? { userIsolation: isolationContext(props.userIsolation) } : {}),
    ...(props.vpc ? { network: { subnetIds: props.vpc.subnetIds, securityGroupIds: props.vpc.securityGroupIds } } : {}),
    ...(props.kms ? { kmsKeys: { dataKeyArns: props.kms.dataKeyArns, volumeKeyArns: props.kms.volumeKeyArns } } : {}),
  };
}

/**
 * One ARN builder per region the role is used in: Regions, or the builder's
 * own region. IAM roles are global, so a role used in several regions gets
 * each activity rendered once per region; merging then folds the copies, so
 * every regional ARN and region-dependent value (default bucket, owner checks)
 * exists for exactly those regions and activities need not know about them.
 */
export function regionalBuilders(props: Pick<RoleProperties, 'regions'>, arn: ArnBuilder): ArnBuilder[] {
  const regions = props.regions ?? [arn.region];
  return regions.map((region) => (region === arn.region ? arn : arnBuilder(arn.partition, region, arn.account)));
}

function specsInRegion(props: RoleProperties, arn: ArnBuilder): { source: string; specs: StatementSpec[] }[] {
  const ctx = activityContext(props, arn);
  const sources = selectedActivities(props).map((activity) => ({ source: activity.id, specs: grantedSpecs(activity, ctx) }));
  const secrets = userSecretsStatements(props.userIsolation, arn);
  if (secrets.length > 0) sources.push({ source: 'UserIsolation', specs: secrets });
  return sources;
}

/** Specs per source, unmerged: one entry per activity (each with its own KMS key use) plus the role-level ABAC statements, every region's together. */
export function renderSpecsBySource(props: RoleProperties, arn: ArnBuilder): { source: string; specs: StatementSpec[] }[] {
  const bySource = new Map<string, StatementSpec[]>();
  for (const regional of regionalBuilders(props, arn)) {
    for (const { source, specs } of specsInRegion(props, regional)) {
      const list = bySource.get(source);
      if (list) list.push(...specs);
      else bySource.set(source, [...specs]);
    }
  }
  return [...bySource].map(([source, specs]) => ({ source, specs }));
}

/** Customized statements, one list per source, before merging (every region's, each customized for its region). */
export function renderUnmerged(props: RoleProperties, arn: ArnBuilder): { source: string; statements: Statement[] }[] {
  const bySource = new Map<string, Statement[]>();
  for (const regional of regionalBuilders(props, arn)) {
    for (const { source, specs } of specsInRegion(props, regional)) {
      const statements = specs.map((spec) => customizeStatement(spec, props, regional));
      const list = bySource.get(source);
      if (list) list.push(...statements);
      else bySource.set(source, statements);
    }
  }
  return [...bySource].map(([source, statements]) => ({ source, statements }));
}

/** The role's permission statements after customization, merged and in canonical order. */
export function renderStatements(props: RoleProperties, arn: ArnBuilder): Statement[] {
  return mergeStatements(renderUnmerged(props, arn).flatMap((s) => s.statements));
}

/** renderStatements with each statement's JSON, for the packer. */
export function renderSerialized(props: RoleProperties, arn: ArnBuilder): SerializedStatement[] {
  return mergeSerialized(renderUnmerged(props, arn).flatMap((s) => s.statements));
}
