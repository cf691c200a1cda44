// Public API of the policy engine: pure, deterministic, no AWS SDK, no clock, no env.
export * from './names';
export * from './errors';
export * from './types';
export * from './arn';
export { ACTIVITIES, ACTIVITY_IDS, findActivity, isRefusal } from './catalog';
export type {
  ActivityDefinition,
  ActivityFidelity,
  AwsReference,
  StatementSpec,
  ParameterName,
  ActivityContext,
  ActivityIsolation,
  IsolationClasses,
  IsolationRefusal,
} from './catalog';
export { PARAMETER_NAMES } from './catalog';
export { AWS_PERSONA_REFERENCE, PERSONAS, findPersona } from './personas';
export type { PersonaDefinition } from './personas';
export { parseProperties, defaultDescription, DEFAULT_PATH, DEFAULT_MAX_SESSION_DURATION } from './properties';
export type { RoleProperties, VpcSettings, KmsSettings, UserIsolationSettings } from './properties';
export { renderStatements, renderUnmerged } from './render';
export { mergeStatements } from './merge';
export { buildTrustPolicy } from './trust';
export { packStatements, INLINE_POLICY_NAME, managedPolicyName } from './pack';
export { policyJson } from './policy-json';
export { planRole, planFromProperties } from './plan';
export { checkGuardrails, matchesPattern, ownedPolicyArnPrefix } from './guardrails';
export { roleName, requiresReplacement, replacementConflict } from './role-name';
export { ConditionKey } from './customize';
export type { ParameterValues } from './catalog/model';
