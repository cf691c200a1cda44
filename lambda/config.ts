// Provider settings from the environment, set by the provider stack (cfn/, cdk/).
// Read once per event so a bad value fails that event with a clear reason.
import { ProviderEnv } from '../src/policy-engine/names';
import { DEFAULT_LIMITS, type Guardrails } from '../src/policy-engine/types';
import { ConfigError } from './errors';

export interface ProviderConfig {
  maxAttachedPolicies: number;
  /** Boundary applied to every role; a different user PermissionsBoundary is refused. */
  enforcedBoundary?: string;
  /** Everything the engine enforces for the provider stack's administrator (boundary included). */
  guardrails: Guardrails;
}

// IAM allows raising the attached-policies quota up to 20.
const MAX_ATTACHED_CEILING = 20;
const POLICY_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy\/([\w+=,.@/-]{1,512})$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@/-]{1,576}$/;
// Patterns: what an ARN or bucket name may contain, plus the wildcards * and ?. No quotes or policy variables.
const ROLE_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov|\*):iam::(\d{12}|\*):role\/[\w+=,.@/*?-]{1,576}$/;
const BUCKET_PATTERN = /^[a-z0-9.*?-]{1,63}$/;

function list(env: Record<string, string | undefined>, key: string, valid: RegExp, expected: string): string[] | undefined {
  const raw = env[key];
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bad = items.find((v) => !valid.test(v));
  if (bad !== undefined) throw new ConfigError(`${key}: ${JSON.stringify(bad.slice(0, 120))} is invalid: expected ${expected}`);
  return items;
}

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
  const providerRole = env[ProviderEnv.ProviderRoleArn] || undefined;
  if (providerRole !== undefined && !ROLE_ARN.test(providerRole)) {
    throw new ConfigError(`${ProviderEnv.ProviderRoleArn}: ${JSON.stringify(providerRole.slice(0, 120))} is invalid: expected a role ARN`);
  }
  const enforcedBoundary = boundary || undefined;
  return {
    maxAttachedPolicies,
    enforcedBoundary,
    guardrails: {
      allowedPassRoleArns: list(env, ProviderEnv.AllowedPassRoleArns, ROLE_ARN_PATTERN, 'role ARN patterns (arn:aws:iam::<account>:role/<name>, * and ? allowed), comma-separated') ?? [],
      allowedS3BucketPatterns: list(env, ProviderEnv.AllowedS3BucketPatterns, BUCKET_PATTERN, 'bucket name patterns (lowercase letters, digits, . -, * and ?), comma-separated') ?? [],
      allowedManagedPolicyArns: list(env, ProviderEnv.AllowedManagedPolicyArns, POLICY_ARN, 'managed policy ARNs, comma-separated'),
      ...(enforcedBoundary !== undefined ? { permissionsBoundaryArn: enforcedBoundary } : {}),
      ...(providerRole !== undefined ? { providerRoleArn: providerRole } : {}),
    },
  };
}
