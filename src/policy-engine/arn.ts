// Builds ARNs scoped to the partition, region and account the role lives in.
// Activities use it so no statement ever needs `arn:*:*` where it can be exact.

export interface ArnBuilder {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** A regional, account-scoped ARN: `arn:P:<service>:R:A:<resource>`. */
  regional(service: string, resource: string): string;
  /** `arn:P:sagemaker:R:A:<resource>`, e.g. `sagemaker('training-job/*')`. */
  sagemaker(resource: string): string;
  /** `arn:P:iam::A:<resource>` (IAM is global: no region). */
  iam(resource: string): string;
  /** `arn:P:s3:::<resource>` (S3 bucket and object ARNs have no region or account). */
  s3(resource: string): string;
}

export function arnBuilder(partition: string, region: string, account: string): ArnBuilder {
  return {
    partition,
    region,
    account,
    regional: (service, resource) => `arn:${partition}:${service}:${region}:${account}:${resource}`,
    sagemaker: (resource) => `arn:${partition}:sagemaker:${region}:${account}:${resource}`,
    iam: (resource) => `arn:${partition}:iam::${account}:${resource}`,
    s3: (resource) => `arn:${partition}:s3:::${resource}`,
  };
}

/** Partitions the engine knows; others are refused rather than guessed. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
