// Public API of the policy engine: pure, deterministic, no AWS SDK, no clock, no env.
export * from './names';
export * from './errors';
export * from './types';
export * from './arn';
export { ACTIVITIES, ACTIVITY_IDS, findActivity } from './catalog';
export type { ActivityDefinition, StatementSpec, ParameterName, ActivityContext } from './catalog';
export { PARAMETER_NAMES } from './catalog';
export { PERSONAS, findPersona } from './personas';
export type { PersonaDefinition } from './personas';
