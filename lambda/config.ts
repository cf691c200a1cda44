// Provider settings from the environment, set by the provider stack (cfn/, cdk/).
// Read once per event so a bad value fails that event with a clear reason.
import { ProviderEnv } from '../src/policy-engine/names';
import { DEFAULT_LIMITS } from '../src/policy-engine/types';
import { ConfigError } from './errors';

export interface ProviderConfig {
  maxAttachedPolicies: number;
  /** Boundary applied to every role; a different user PermissionsBoundary is refused. */
  enforcedBoundary?: string;
}

// IAM allows raising the attached-policies quota up to 20.
const MAX_ATTACHED_CEILING = 20;
const POLICY_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy\/([\w+=,.@/-]{1,512})$/;

export function readConfig(env: Record<string, string | undefined>): ProviderConfig {
  const rawMax = env[ProviderEnv.MaxAttachedPolicies];
  let maxAttachedPolicies = DEFAULT_LIMITS.attachedPolicies;
  if (rawMax !== undefined && rawMax !== '') {
    const n = Number(rawMax);
    if (!/^\d+$/.test(rawMax) || n < 1 || n > MAX_ATTACHED_CEILING) {
      throw new ConfigError(
        `${ProviderEnv.MaxAttachedPolicies}: ${JSON.stringify(rawMax.slice(0, 40))} is invalid: expected a whole number from 1 to ${MAX_ATTACHED_CEILING}`,
      );
    }
    maxAttachedPolicies = n;
  }
  const boundary = env[ProviderEnv.PermissionsBoundaryArn];
  if (boundary !== undefined && boundary !== '' && !POLICY_ARN.test(boundary)) {
    throw new ConfigError(
      `${ProviderEnv.PermissionsBoundaryArn}: ${JSON.stringify(boundary.slice(0, 120))} is invalid: expected a managed policy ARN (arn:aws:iam::<account>:policy/<name>)`,
    );
  }
  return { maxAttachedPolicies, enforcedBoundary: boundary || undefined };
}
