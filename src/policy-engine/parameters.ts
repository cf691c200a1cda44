// Validators for every list property whose values end up in a policy document
// (activity parameters, VPC and KMS settings, managed policy ARNs). Each returns
// why a value is refused and what is allowed, or undefined when it is valid.
// Partition and account consistency is checked at plan time (context.ts),
// because the partition is only known there.

import type { ParameterName } from './catalog/model';
import { forbiddenCharacters } from './validation/text';

export type ValueValidator = (value: string) => string | undefined;

/** List properties validated here: the activity parameters plus VPC, KMS and managed policies. */
export type ListPropertyName =
  | ParameterName
  | 'VpcSubnetIds'
  | 'VpcSecurityGroupIds'
  | 'DataKmsKeyArns'
  | 'VolumeKmsKeyArns'
  | 'ManagedPolicyArns';

const PARTITION = '(aws|aws-cn|aws-us-gov)';
const ACCOUNT = '(\\d{12})';
const REGION = '([a-z]{2}(?:-[a-z]+)+-\\d{1,2})';
const IAM_NAME_CHARS = '[A-Za-z0-9+=,.@_-]';
const IAM_PATH = `((?:/${IAM_NAME_CHARS}+)*/)`;

const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role${IAM_PATH}(${IAM_NAME_CHARS}{1,64})$`);
const POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}|aws):policy${IAM_PATH}(${IAM_NAME_CHARS}{1,128})$`);
const KEY_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}$`);
const KMS_ALIAS_ARN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:alias/`);
const BARE_KEY_ID = new RegExp(`^${KEY_ID}$`);

export interface RoleArnParts {
  partition: string;
  account: string;
}

export function parseRoleArn(value: string): RoleArnParts | undefined {
  const m = ROLE_ARN.exec(value);
  return m ? { partition: m[1], account: m[2] } : undefined;
}

export function parsePolicyArn(value: string): { partition: string; account: string } | undefined {
  const m = POLICY_ARN.exec(value);
  return m ? { partition: m[1], account: m[2] } : undefined;
}

export function parseKmsKeyArn(value: string): { partition: string; region: string; account: string } | undefined {
  const m = KMS_KEY_ARN.exec(value);
  return m ? { partition: m[1], region: m[2], account: m[3] } : undefined;
}

const roleArn: ValueValidator = (v) =>
  ROLE_ARN.test(v)
    ? undefined
    : 'must be an IAM role ARN like arn:aws:iam::111122223333:role/SageMaker-compute (partition aws, aws-cn or aws-us-gov; 12-digit account)';

export const policyArn: ValueValidator = (v) =>
  POLICY_ARN.test(v)
    ? undefined
    : 'must be an IAM managed policy ARN like arn:aws:iam::111122223333:policy/my-policy or arn:aws:iam::aws:policy/ReadOnlyAccess';

const kmsKeyArn: ValueValidator = (v) => {
  if (KMS_KEY_ARN.test(v)) return undefined;
  if (KMS_ALIAS_ARN.test(v) || v.startsWith('alias/')) {
    return 'is a KMS alias; KMS conditions compare key ARNs, so give the key ARN the alias points to (aws kms describe-key --key-id <alias>), e.g. arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  }
  if (BARE_KEY_ID.test(v)) {
    return `is a bare key id; did you mean the key ARN arn:<partition>:kms:<region>:<account>:key/${v}?`;
  }
  return 'must be a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (or key/mrk-… for a multi-Region key)';
};

const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

// General purpose bucket naming rules from the Amazon S3 user guide.
const bucketName: ValueValidator = (v) => {
  const allowed =
    'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit';
  if (v.length < 3 || v.length > 63 || !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(v)) return allowed;
  if (v.includes('..')) return `${allowed}, without two adjacent dots`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v)) return `${allowed}, not formatted as an IP address`;
  if (RESERVED_BUCKET_PREFIXES.some((p) => v.startsWith(p))) {
    return `${allowed}; the prefixes ${RESERVED_BUCKET_PREFIXES.join(', ')} are reserved by S3`;
  }
  if (RESERVED_BUCKET_SUFFIXES.some((s) => v.endsWith(s))) {
    return `${allowed}; the suffixes ${RESERVED_BUCKET_SUFFIXES.join(', ')} are reserved by S3`;
  }
  return undefined;
};

const pattern =
  (re: RegExp, allowed: string): ValueValidator =>
  (v) =>
    re.test(v) ? undefined : allowed;

export const LIST_VALIDATORS: Readonly<Record<ListPropertyName, ValueValidator>> = {
  PassRoles: roleArn,
  S3Buckets: bucketName,
  EcrRepositories: pattern(
    /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    'must be an ECR repository name: 2-256 lowercase letters, digits and . _ - (separating alphanumerics), with optional / namespaces, e.g. team-a/training',
  ),
  AthenaWorkgroups: pattern(/^[A-Za-z0-9._-]{1,128}$/, 'must be an Athena workgroup name: 1-128 letters, digits, . _ -'),
  GlueDatabases: pattern(
    /^[a-z0-9_-]{1,255}$/,
    'must be a Glue database name: 1-255 lowercase letters, digits, _ and - (Glue stores names in lowercase, and ARNs compare case-sensitively)',
  ),
  KendraIndexes: pattern(
    /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/,
    'must be a Kendra index id: 36 letters, digits and hyphens, e.g. 0123abcd-4567-89ef-0123-456789abcdef',
  ),
  MlflowTrackingServers: pattern(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/,
    'must be an MLflow tracking server name: 1-256 letters, digits and hyphens, starting and ending with a letter or digit',
  ),
  VpcSubnetIds: pattern(/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a subnet id: subnet- followed by 8 or 17 hex digits'),
  VpcSecurityGroupIds: pattern(/^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a security group id: sg- followed by 8 or 17 hex digits'),
  DataKmsKeyArns: kmsKeyArn,
  VolumeKmsKeyArns: kmsKeyArn,
  ManagedPolicyArns: policyArn,
};

/** Full check of one value: dangerous characters first (the clearer message), then the format. */
export function validateListValue(property: ListPropertyName, value: string): string | undefined {
  return forbiddenCharacters(value) ?? LIST_VALIDATORS[property](value);
}

/** Single-value check for PermissionsBoundary. */
export function validatePolicyArn(value: string): string | undefined {
  return forbiddenCharacters(value) ?? policyArn(value);
}
