// Checks that need the plan context: where the role lives. The partition is
// only known here, so ARNs are checked against it now (parse time checked
// their shape).

import { PARTITIONS } from './arn';
import { Prop } from './names';
import { parseEcrRepositoryArn, parseKmsKeyArn, parsePolicyArn, parseRoleArn, regionPartition } from './parameters';
import type { RoleProperties } from './properties';
import { DEFAULT_LIMITS, type PlanContext, type QuotaLimits } from './types';
import { IssueCollector } from './validation/issues';

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export function resolveLimits(ctx: PlanContext): QuotaLimits {
  return { ...DEFAULT_LIMITS, ...ctx.limits };
}

function checkContext(issues: IssueCollector, ctx: PlanContext, limits: QuotaLimits): void {
  if (!(PARTITIONS as readonly string[]).includes(ctx.partition)) {
    issues.add('(context) partition', ctx.partition, `must be one of ${PARTITIONS.join(', ')}`);
  }
  if (!ACCOUNT.test(ctx.account)) issues.add('(context) account', ctx.account, 'must be a 12-digit AWS account id');
  if (!REGION.test(ctx.region)) issues.add('(context) region', ctx.region, 'must be a region name like us-east-1');
  if (ctx.logicalId.length === 0) issues.add('(context) logicalId', ctx.logicalId, 'must not be empty');
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) issues.add(`(context) limits.${key}`, value, 'must be a positive whole number');
  }
}

/** The regions the role's grants apply in: Regions, or the stack's region. */
export function roleRegions(props: Pick<RoleProperties, 'regions'>, ctx: Pick<PlanContext, 'region'>): readonly string[] {
  return props.regions ?? [ctx.region];
}

function checkRegions(issues: IssueCollector, props: RoleProperties, ctx: PlanContext): void {
  props.regions?.forEach((region, i) => {
    const partition = regionPartition(region);
    if (partition === ctx.partition) return;
    issues.add(
      `${Prop.Regions}[${i}]`,
      region,
      partition === undefined
        ? `is in a partition this engine does not support; list regions of partition ${ctx.partition}, where the role lives`
        : `is in partition ${partition}, but the role lives in partition ${ctx.partition} and IAM roles are global only within their partition: list regions of ${ctx.partition} (deploy a separate stack in ${partition})`,
    );
  });
}

/** A regional resource the role is given by ARN must be in one of the role's regions, or no request could use it. */
function regionHint(kind: string, region: string, regions: readonly string[], why: string): string {
  return `is ${kind} in region ${region}, outside the role's Regions (${regions.join(', ')}): ${why}; use one in those regions or add ${region} to Regions`;
}

function checkPartitions(issues: IssueCollector, props: RoleProperties, ctx: PlanContext, limits: QuotaLimits): void {
  const partitionHint = `must be in partition ${ctx.partition}, where the role lives`;
  const regions = roleRegions(props, ctx);
  props.params.PassRoles.forEach((arn, i) => {
    const parts = parseRoleArn(arn);
    if (!parts) return;
    if (parts.partition !== ctx.partition) issues.add(`${Prop.PassRoles}[${i}]`, arn, partitionHint);
    else if (parts.account !== ctx.account) {
      issues.add(`${Prop.PassRoles}[${i}]`, arn, `must be a role in account ${ctx.account}: IAM passes only roles of the caller's own account`);
    }
  });
  const kmsLists = [
    [Prop.DataKmsKeyArns, props.kms?.dataKeyArns ?? []],
    [Prop.VolumeKmsKeyArns, props.kms?.volumeKeyArns ?? []],
  ] as const;
  for (const [prop, arns] of kmsLists) {
    arns.forEach((arn, i) => {
      const key = parseKmsKeyArn(arn);
      if (key?.partition !== ctx.partition) issues.add(`${prop}[${i}]`, arn, partitionHint);
      else if (!regions.includes(key.region)) {
        issues.add(`${prop}[${i}]`, arn, regionHint('a key', key.region, regions, 'KMS keys are regional, so every job or volume using it would be denied'));
      }
    });
  }
  props.params.EcrRepositories.forEach((value, i) => {
    const repo = parseEcrRepositoryArn(value);
    if (!repo) return;
    if (repo.partition !== ctx.partition) issues.add(`${Prop.EcrRepositories}[${i}]`, value, partitionHint);
    else if (!regions.includes(repo.region)) {
      issues.add(
        `${Prop.EcrRepositories}[${i}]`,
        value,
        regionHint('a repository', repo.region, regions, 'jobs pull images from the registry of their own region'),
      );
    }
  });
  props.managedPolicyArns.forEach((arn, i) => {
    if (parsePolicyArn(arn)?.partition !== ctx.partition) issues.add(`${Prop.ManagedPolicyArns}[${i}]`, arn, partitionHint);
  });
  if (props.permissionsBoundary && parsePolicyArn(props.permissionsBoundary)?.partition !== ctx.partition) {
    issues.add(Prop.PermissionsBoundary, props.permissionsBoundary, partitionHint);
  }
  if (props.managedPolicyArns.length > limits.attachedPolicies) {
    issues.add(
      Prop.ManagedPolicyArns,
      `${props.managedPolicyArns.length} policies`,
      `a role can have at most ${limits.attachedPolicies} attached managed policies`,
    );
  }
}

/** Throws one ValidationError with every context and partition issue. */
export function checkPlanContext(props: RoleProperties, ctx: PlanContext): QuotaLimits {
  const issues = new IssueCollector();
  const limits = resolveLimits(ctx);
  checkContext(issues, ctx, limits);
  if (issues.count === 0) {
    checkRegions(issues, props, ctx);
    checkPartitions(issues, props, ctx, limits);
  }
  issues.throwIfAny();
  return limits;
}
