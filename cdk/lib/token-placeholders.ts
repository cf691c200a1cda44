// CDK values such as `bucket.bucketName` are tokens until deploy time, and the
// engine (rightly) refuses `${...}` in user input. To still validate and render
// at synth time, each token is swapped for a placeholder that is valid for its
// kind of value, and swapped back in whatever the engine returns.

import { Token } from 'aws-cdk-lib';

/** What a value must look like to pass the engine's validation. */
export type ValueKind =
  | 'roleArn'
  | 'policyArn'
  | 'kmsKeyArn'
  | 'name'
  | 'kendraIndexId'
  | 'subnetId'
  | 'securityGroupId'
  | 'path'
  | 'domainId'
  | 'arnPart';

const PAD = 9;

/** Where placeholder ARNs live: the stack's partition, region and account, so context checks pass them. */
export interface PlaceholderEnvironment {
  partition: string;
  region: string;
  account: string;
}

const ANYWHERE: PlaceholderEnvironment = { partition: 'aws', region: 'us-east-1', account: '000000000000' };

// Every placeholder embeds a unique, fixed-width counter, so no placeholder is a
// substring of another and restoring one never touches a neighbour.
function placeholderFor(kind: ValueKind, n: number, env: PlaceholderEnvironment): string {
  const digits = String(n).padStart(PAD, '0');
  const core = `cdktoken${digits}x`;
  switch (kind) {
    case 'roleArn':
      return `arn:${env.partition}:iam::${env.account}:role/${core}`;
    case 'policyArn':
      return `arn:${env.partition}:iam::${env.account}:policy/${core}`;
    case 'kmsKeyArn':
      return `arn:${env.partition}:kms:${env.region}:${env.account}:key/cdc0ffee-0000-4000-8000-000${digits}`;
    case 'kendraIndexId':
      return `cdc0ffee-0000-4000-8000-000${digits}`;
    case 'subnetId':
      return `subnet-cdc0ffee${digits}`;
    case 'securityGroupId':
      return `sg-cdc0ffee${digits}`;
    case 'path':
      return `/${core}/`;
    case 'domainId':
      return `d-${core}`;
    case 'name':
    case 'arnPart':
      return core;
  }
}

export class TokenPlaceholders {
  private readonly tokens = new Map<string, string>();
  private count = 0;

  /** `env`: where the role lives, when synth knows it (placeholder ARNs then pass the engine's context checks). */
  constructor(private readonly env: PlaceholderEnvironment = ANYWHERE) {}

  /** The value itself when concrete, otherwise a placeholder that is valid for `kind`. */
  stand(value: string, kind: ValueKind): string {
    if (!Token.isUnresolved(value)) return value;
    this.count += 1;
    const placeholder = placeholderFor(kind, this.count, this.env);
    this.tokens.set(placeholder, value);
    return placeholder;
  }

  /** Whether any token was replaced. */
  get replacedAny(): boolean {
    return this.tokens.size > 0;
  }

  /** Puts the original tokens back into every string inside `value`. */
  restore<T>(value: T): T {
    return this.restoreAny(value) as T;
  }

  private restoreAny(value: unknown): unknown {
    if (typeof value === 'string') return this.restoreString(value);
    if (Array.isArray(value)) return value.map((v) => this.restoreAny(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.restoreString(k)] = this.restoreAny(v);
      return out;
    }
    return value;
  }

  private restoreString(text: string): string {
    let out = text;
    for (const [placeholder, token] of this.tokens) {
      if (out.includes(placeholder)) out = out.split(placeholder).join(token);
    }
    return out;
  }
}
