// The plan for an event: the engine decides everything; the provider only adds
// what its own configuration dictates (the attachment quota and the enforced
// permissions boundary).
import { ValidationError } from '../src/policy-engine/errors';
import { Prop, ProviderEnv } from '../src/policy-engine/names';
import { planRole } from '../src/policy-engine/plan';
import type { RolePlan } from '../src/policy-engine/types';
import type { ProviderConfig } from './config';
import type { StackContext } from './context';

export type Planner = typeof planRole;

export function planForEvent(
  properties: Record<string, unknown>,
  stack: StackContext,
  logicalId: string,
  config: ProviderConfig,
  planner: Planner = planRole,
): RolePlan {
  const plan = planner(properties, {
    ...stack,
    logicalId,
    limits: { attachedPolicies: config.maxAttachedPolicies },
  });
  const enforced = config.enforcedBoundary;
  if (!enforced) return plan;
  if (plan.permissionsBoundary !== undefined && plan.permissionsBoundary !== enforced) {
    throw new ValidationError([
      {
        path: Prop.PermissionsBoundary,
        value: JSON.stringify(plan.permissionsBoundary),
        message: `this provider enforces the boundary ${enforced} (${ProviderEnv.PermissionsBoundaryArn}); omit PermissionsBoundary or set it to that ARN`,
      },
    ]);
  }
  return { ...plan, permissionsBoundary: enforced };
}
