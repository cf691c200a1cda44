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
  | 'ManagedPolicyArns'
  | 'Regions';

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
const REGION_NAME = new RegExp(`^${REGION}$`);
const ECR_NAME_PATTERN = '(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const ECR_NAME = new RegExp(`^${ECR_NAME_PATTERN}$`);
const ECR_REPOSITORY_ARN = new RegExp(`^arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/(${ECR_NAME_PATTERN})$`);
// <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag|@digest], as `docker pull` takes it.
const ECR_IMAGE_URI = new RegExp(
  `^${ACCOUNT}\\.dkr\\.ecr(?:-fips)?\\.${REGION}\\.amazonaws\\.com(\\.cn)?/(${ECR_NAME_PATTERN})(?::[\\w][\\w.-]{0,127}|@sha256:[0-9a-f]{64})?$`,
);

/** The partition a region belongs to, from AWS's region naming; undefined for partitions the engine does not support. */
export function regionPartition(region: string): string | undefined {
  if (!REGION_NAME.test(region)) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  // ISO partitions (us-iso-*, us-isob-*, eu-isoe-*, ...) are not supported.
  if (/^[a-z]{2}-iso[a-z]*-/.test(region)) return undefined;
  return 'aws';
}

export function parseEcrRepositoryArn(value: string): { partition: string; region: string; account: string; name: string } | undefined {
  const m = ECR_REPOSITORY_ARN.exec(value);
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : undefined;
}

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

const IAM_ROLE_NAME = new RegExp(`^${IAM_NAME_CHARS}{1,64}$`);

const roleArn: ValueValidator = (v) => {
  if (ROLE_ARN.test(v)) return undefined;
  if (IAM_ROLE_NAME.test(v)) {
    return `is a role name; PassRoles takes role ARNs: give arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${v} (with the role's path, e.g. role/service-role/${v}, if it has one)`;
  }
  return 'must be an IAM role ARN like arn:aws:iam::111122223333:role/SageMaker-compute (partition aws, aws-cn or aws-us-gov; 12-digit account)';
};

const POLICY_ARN_RULE =
  'must be an IAM managed policy ARN like arn:aws:iam::111122223333:policy/my-policy or arn:aws:iam::aws:policy/ReadOnlyAccess';

/** Managed policy ARN check for the property `property` (a role ARN there is a common slip: say so). */
const policyArnOf =
  (property: string): ValueValidator =>
  (v) => {
    if (POLICY_ARN.test(v)) return undefined;
    if (ROLE_ARN.test(v)) return `is a role ARN; ${property} takes managed policy ARNs like arn:aws:iam::111122223333:policy/my-policy`;
    return POLICY_ARN_RULE;
  };

export const policyArn: ValueValidator = policyArnOf('ManagedPolicyArns');

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

/** The bucket inside an S3 ARN or s3:// URI, with what the value is, when it has one. */
function bucketInside(v: string): { what: string; bucket: string } | undefined {
  const arn = new RegExp(`^arn:${PARTITION}:s3:::([^/]+)(/.*)?$`).exec(v);
  if (arn) return { what: arn[3] === undefined ? 'a bucket ARN' : 'an S3 ARN', bucket: arn[2] };
  const uri = /^s3a?:\/\/([^/]+)(\/.*)?$/.exec(v);
  if (uri) return { what: 'an S3 URI', bucket: uri[1] };
  return undefined;
}

// General purpose bucket naming rules from the Amazon S3 user guide.
const bucketName: ValueValidator = (v) => {
  const allowed =
    'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit';
  const inside = bucketInside(v);
  if (inside) {
    const grant = inside.what === 'a bucket ARN' ? '' : ' (access is to the whole bucket; UserIsolation.S3Prefix limits it to per-user prefixes)';
    return `is ${inside.what}; S3Buckets takes bucket names: give ${inside.bucket}${grant}`;
  }
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

/**
 * A name-valued property given the resource's ARN: the hint names the part to
 * give instead (`<resourceType>/<name>` is the ARN's last part).
 */
const named =
  (re: RegExp, allowed: string, property: string, noun: string, resourceType: string): ValueValidator =>
  (v) => {
    if (re.test(v)) return undefined;
    const m = new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:${resourceType}/(.+)$`).exec(v);
    if (m && re.test(m[2])) return `is an ARN; ${property} takes ${noun}: give ${m[2]}`;
    return allowed;
  };

const ECR_NAME_RULE =
  'must be an ECR repository name (2-256 lowercase letters, digits and . _ - separating alphanumerics, with optional / namespaces, e.g. team-a/training: a repository of this account in each of Regions) or a repository ARN like arn:aws:ecr:us-east-1:444455556666:repository/team-a/training (any account, a region within Regions)';

const ecrRepository: ValueValidator = (v) => {
  // The image URI first: its registry host is, character-wise, a valid repository name segment.
  const uri = ECR_IMAGE_URI.exec(v);
  if (uri) {
    const [, account, region, china, name] = uri;
    const partition = china ? 'aws-cn' : (regionPartition(region) ?? 'aws');
    return `is an image URI; EcrRepositories takes repositories: give ${name} (a repository of this account and region) or arn:${partition}:ecr:${region}:${account}:repository/${name}`;
  }
  return ECR_NAME.test(v) || ECR_REPOSITORY_ARN.test(v) ? undefined : ECR_NAME_RULE;
};

const regionName: ValueValidator = (v) => {
  if (REGION_NAME.test(v)) return undefined;
  const zone = new RegExp(`^${REGION}[a-z]$`).exec(v);
  if (zone) return `is an availability zone; give its region ${zone[1]}`;
  return 'must be a region name like us-east-1 or eu-west-1 (lowercase)';
};

export const LIST_VALIDATORS: Readonly<Record<ListPropertyName, ValueValidator>> = {
  PassRoles: roleArn,
  S3Buckets: bucketName,
  EcrRepositories: ecrRepository,
  AthenaWorkgroups: named(
    /^[A-Za-z0-9._-]{1,128}$/,
    'must be an Athena workgroup name: 1-128 letters, digits, . _ -',
    'AthenaWorkgroups',
    'workgroup names',
    'workgroup',
  ),
  GlueDatabases: named(
    /^[a-z0-9_-]{1,255}$/,
    'must be a Glue database name: 1-255 lowercase letters, digits, _ and - (Glue stores names in lowercase, and ARNs compare case-sensitively)',
    'GlueDatabases',
    'database names',
    'database',
  ),
  KendraIndexes: named(
    /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/,
    'must be a Kendra index id: 36 letters, digits and hyphens, e.g. 0123abcd-4567-89ef-0123-456789abcdef',
    'KendraIndexes',
    'index ids',
    'index',
  ),
  MlflowTrackingServers: named(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/,
    'must be an MLflow tracking server name: 1-256 letters, digits and hyphens, starting and ending with a letter or digit',
    'MlflowTrackingServers',
    'tracking server names',
    'mlflow-tracking-server',
  ),
  VpcSubnetIds: pattern(/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a subnet id: subnet- followed by 8 or 17 hex digits'),
  VpcSecurityGroupIds: pattern(/^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a security group id: sg- followed by 8 or 17 hex digits'),
  DataKmsKeyArns: kmsKeyArn,
  VolumeKmsKeyArns: kmsKeyArn,
  ManagedPolicyArns: policyArn,
  Regions: regionName,
};

/** Full check of one value: dangerous characters first (the clearer message), then the format. */
export function validateListValue(property: ListPropertyName, value: string): string | undefined {
  return forbiddenCharacters(value) ?? LIST_VALIDATORS[property](value);
}

/** Single-value check for PermissionsBoundary. */
export function validatePolicyArn(value: string): string | undefined {
  return forbiddenCharacters(value) ?? policyArnOf('PermissionsBoundary')(value);
}
