// The plan for an event: the engine decides everything, given what the
// provider's configuration dictates (the attachment quota and the guardrails,
// boundary included, which the engine enforces: guardrails.ts).
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
  return planner(properties, {
    ...stack,
    logicalId,
    limits: { attachedPolicies: config.maxAttachedPolicies },
    guardrails: config.guardrails,
  });
}
