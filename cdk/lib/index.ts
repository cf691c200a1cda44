// CDK constructs for Custom::SageMakerPersonaRole, on the same engine and provider as cfn/.
export { SageMakerPersonaRoleProvider, LAMBDA_BUNDLE_DIR } from './provider';
export { PACKAGE_VERSION } from './package-info';
export { GRANT_DROPPED_WARNING } from './provider-owned-role';
export type { SageMakerPersonaRoleProviderProps, ProviderLogLevel } from './provider';
export { SageMakerPersonaRole } from './persona-role';
export type { SageMakerPersonaRoleProps } from './persona-role';
export type { PersonaRoleOptions, UserIsolationOptions, RawProperties } from './role-properties';
export { Activity, PARAMETER_OPTION } from './activity';
export type { ActivityOptions } from './activity';
export { Persona } from './persona';
export type { PersonaProps } from './persona';
export { PermissionSet } from './permission-set';
export type { VPCOptions, KMSOptions } from './permission-set';
export type { ActivityId } from '../../src/policy-engine/catalog';
export type { PersonaId } from '../../src/policy-engine/names';
