// planRole: properties + where the role lives → the complete, deterministic
// role plan the provider applies.

import { roleTags } from './user-isolation';
import { arnBuilder } from './arn';
import { checkPlanContext } from './context';
import { checkGuardrails } from './guardrails';
import { MAX_IAM_PATH, Prop, PROVIDER_IAM_PATH, roleIamPath } from './names';
import { packStatements } from './pack';
import { parseProperties, type RoleProperties } from './properties';
import { renderSerialized } from './render';
import { roleName } from './role-name';
import { buildTrustPolicy } from './trust';
import type { PlanContext, RolePlan } from './types';
import { IssueCollector } from './validation/issues';

/** Plan from already-parsed properties (the CDK layer parses once and plans per stack). */
export function planFromProperties(props: RoleProperties, ctx: PlanContext): RolePlan {
  const limits = checkPlanContext(props, ctx);
  const issues = new IssueCollector();
  checkGuardrails(issues, props, ctx);
  const path = roleIamPath(props.path);
  if (path.length > MAX_IAM_PATH) {
    issues.add(Prop.Path, props.path, `is too long: roles live under ${PROVIDER_IAM_PATH}, and IAM paths are at most ${MAX_IAM_PATH} characters, so Path may have at most ${MAX_IAM_PATH - PROVIDER_IAM_PATH.length + 1}`);
  }
  issues.throwIfAny();
  const boundary = ctx.guardrails?.permissionsBoundaryArn ?? props.permissionsBoundary;
  const name = roleName({ ...props, stackName: ctx.stackName, stackId: ctx.stackId, logicalId: ctx.logicalId });
  const statements = renderSerialized(props, arnBuilder(ctx.partition, ctx.region, ctx.account));
  const packed = packStatements({
    statements,
    roleName: name,
    managedPolicyArnCount: props.managedPolicyArns.length,
    limits,
  });
  return {
    roleName: name,
    path,
    managedPolicyPath: PROVIDER_IAM_PATH,
    description: props.description,
    maxSessionDuration: props.maxSessionDuration,
    ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
    trustPolicy: buildTrustPolicy(props),
    inlinePolicies: packed.inlinePolicies,
    managedPolicies: packed.managedPolicies,
    managedPolicyArns: [...props.managedPolicyArns],
    tags: roleTags(props),
    activities: [...props.activities],
  };
}

/** Throws ValidationError (bad properties or context) or QuotaError (nothing fits IAM's quotas). */
export function planRole(raw: unknown, ctx: PlanContext): RolePlan {
  return planFromProperties(parseProperties(raw), ctx);
}
