// Guardrails an administrator sets once, on the provider stack (cfn/provider.yaml
// parameters, CDK provider props): pure checks of parsed properties, so the
// provider Lambda, the CLI and the CDK layer refuse the same things before any
// IAM call. Each refusal names the property, the value, the guardrail and how
// to change it.

import { Prop, PROVIDER_IAM_PATH } from './names';
import { ProviderEnv } from './names';
import type { RoleProperties } from './properties';
import type { Guardrails, PlanContext } from './types';
import { IssueCollector } from './validation/issues';

/** `*` any run of characters, `?` one character, everything else literal (IAM's ArnLike/StringLike). */
export function matchesPattern(value: string, pattern: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}

function listed(patterns: readonly string[]): string {
  const shown = patterns.slice(0, 8).join(', ');
  return patterns.length > 8 ? `${shown}, … (${patterns.length} in all)` : shown;
}

/** ARN prefix of the managed policies the provider owns in this account; nobody's template may attach them. */
export function ownedPolicyArnPrefix(ctx: Pick<PlanContext, 'partition' | 'account'>): string {
  return `arn:${ctx.partition}:iam::${ctx.account}:policy${PROVIDER_IAM_PATH}`;
}

/** Adds an issue for every value a guardrail refuses (and for owned policies listed in ManagedPolicyArns, guardrails or not). */
export function checkGuardrails(issues: IssueCollector, props: RoleProperties, ctx: PlanContext): void {
  const owned = ownedPolicyArnPrefix(ctx);
  props.managedPolicyArns.forEach((arn, i) => {
    // Finding 3 of issue 8: another role's overflow policy would hand over that role's permissions.
    if (arn.startsWith(owned)) {
      issues.add(
        `${Prop.ManagedPolicyArns}[${i}]`,
        arn,
        `policies under ${PROVIDER_IAM_PATH} belong to the provider: each holds part of another role's permissions and is deleted with that role. Select the permissions through Activities instead`,
      );
    }
  });
  const g: Guardrails = ctx.guardrails ?? {};
  if (g.providerRoleArn !== undefined) {
    props.params.PassRoles.forEach((arn, i) => {
      if (arn === g.providerRoleArn) {
        issues.add(`${Prop.PassRoles}[${i}]`, arn, 'is the provider\'s own execution role, which no persona role may pass');
      }
    });
  }
  const passPatterns = g.allowedPassRoleArns ?? [];
  if (passPatterns.length > 0) {
    props.params.PassRoles.forEach((arn, i) => {
      if (!passPatterns.some((p) => matchesPattern(arn, p))) {
        issues.add(
          `${Prop.PassRoles}[${i}]`,
          arn,
          `is not allowed by this provider's AllowedPassRoleArns (${listed(passPatterns)}); use a role that matches, or ask the provider stack's administrator to add it (parameter AllowedPassRoleArns, env ${ProviderEnv.AllowedPassRoleArns})`,
        );
      }
    });
  }
  const bucketPatterns = g.allowedS3BucketPatterns ?? [];
  if (bucketPatterns.length > 0) {
    props.params.S3Buckets.forEach((bucket, i) => {
      if (!bucketPatterns.some((p) => matchesPattern(bucket, p))) {
        issues.add(
          `${Prop.S3Buckets}[${i}]`,
          bucket,
          `is not allowed by this provider's AllowedS3BucketPatterns (${listed(bucketPatterns)}); use a bucket that matches, or ask the provider stack's administrator to add it (parameter AllowedS3BucketPatterns)`,
        );
      }
    });
  }
  const allowedPolicies = g.allowedManagedPolicyArns;
  if (allowedPolicies !== undefined) {
    props.managedPolicyArns.forEach((arn, i) => {
      if (!arn.startsWith(owned) && !allowedPolicies.includes(arn)) {
        issues.add(
          `${Prop.ManagedPolicyArns}[${i}]`,
          arn,
          allowedPolicies.length === 0
            ? 'this provider allows no managed policies besides its own (parameter AllowedManagedPolicyArns is empty); ask the provider stack\'s administrator to add it'
            : `is not in this provider's AllowedManagedPolicyArns (${listed(allowedPolicies)}); ask the provider stack's administrator to add it`,
        );
      }
    });
  }
  const boundary = g.permissionsBoundaryArn;
  if (boundary !== undefined && props.permissionsBoundary !== undefined && props.permissionsBoundary !== boundary) {
    issues.add(
      Prop.PermissionsBoundary,
      props.permissionsBoundary,
      `this provider enforces the boundary ${boundary} (${ProviderEnv.PermissionsBoundaryArn}); omit PermissionsBoundary or set it to that ARN`,
    );
  }
}
