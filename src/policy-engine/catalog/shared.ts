// Statement builders that several activities grant identically; sharing them
// lets the merger fold them into one statement.

import type { StatementSpec, UserIsolationContext } from './model';
import type { ConditionBlock } from '../types';
import type { ArnBuilder } from '../arn';
import { parseEcrRepositoryArn } from '../parameters';

/** iam:PassRole on exactly the given roles, and only to SageMaker. */
export function passRolesToSageMaker(roleArns: readonly string[]): StatementSpec {
  return {
    actions: ['iam:PassRole'],
    resources: roleArns,
    // With UserIsolation: only the caller's own roles (user-isolation.ts).
    ownRoleOnly: true,
    conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
  };
}

/**
 * sagemaker:AddTags only while creating a resource with one of `createActions`
 * (SageMaker authorizes tags passed to Create* as AddTags, and Studio tags what
 * it creates with `sagemaker:user-profile-arn`, which ABAC relies on). The
 * `sagemaker:TaggingAction` condition stops the role from re-tagging an
 * existing resource, e.g. rewriting another user's profile tag to take it over.
 */
export function tagOnCreate(createActions: readonly string[], resources: readonly string[]): StatementSpec {
  return {
    actions: ['sagemaker:AddTags'],
    resources,
    // With UserIsolation the tags themselves must name the caller as the owner (user-isolation.ts).
    createdAsOwner: true,
    conditions: {
      StringEquals: { 'sagemaker:TaggingAction': createActions.map((a) => a.replace(/^sagemaker:/, '')).sort() },
    },
  };
}

/**
 * Context keys SageMaker sets on requests from a Studio session: the service
 * authorization reference lists them for no action but documents them for
 * filtering requests from specific domains and user profiles, and AWS's ABAC
 * guidance uses them on job, model and app actions. An isolated role depends
 * on them either way (its owner ARN's policy variable is one), so a condition
 * on them adds no new way to fail: where a request lacks one, both deny.
 */
export const STUDIO_REQUEST_KEYS = ['sagemaker:DomainId', 'sagemaker:UserProfileName'] as const;

/** The policy variable SageMaker sets to the requesting Studio user profile's name. */
const STUDIO_USER_VARIABLE = '${sagemaker:UserProfileName}';

/**
 * ARN of the user profile making the request, from the context keys SageMaker
 * sets on Studio requests. Policy variables, so it only ever resolves to the
 * caller's own profile. With UserIsolation the domain is the role's own
 * (literal) and, in a role of one user's own, the user is named too; pair it
 * with fromOwnDomain() so a session of another domain never matches.
 */
export function callerUserProfileArn(arn: ArnBuilder, isolation?: UserIsolationContext): string {
  if (isolation === undefined) return arn.sagemaker('user-profile/${sagemaker:DomainId}/' + STUDIO_USER_VARIABLE);
  return arn.sagemaker(`user-profile/${isolation.domainId}/${isolation.user ?? STUDIO_USER_VARIABLE}`);
}

/**
 * In a shared isolated role, the request must come from the role's own domain:
 * `sagemaker:DomainId` is the key SageMaker documents for filtering requests
 * from specific domains. With it, a profile of the caller's name in another
 * domain the role was attached to matches no owner check (the owner ARN names
 * the role's domain, the name comes from the request). A role of one user's own
 * names its user literally and needs no request key (its jobs send none).
 */
export function fromOwnDomain(isolation: UserIsolationContext): ConditionBlock | undefined {
  return isolation.user === undefined ? { StringEquals: { 'sagemaker:DomainId': isolation.domainId } } : undefined;
}

/**
 * The per-user part of S3 prefixes, secret names and the own-role tag:
 * `<domain id>/<user>`, the user being the session's source identity (the
 * profile name) or the one user of a per-user role. The domain id makes it
 * unique across domains, which the profile name alone is not.
 */
export function userPath(isolation: UserIsolationContext): string {
  return `${isolation.domainId}/${isolation.user ?? SOURCE_IDENTITY_VARIABLE}`;
}

/**
 * iam:PassRole on exactly the given roles, and only to one service principal
 * (e.g. `emr-serverless.amazonaws.com`): a role passable to one service cannot
 * be handed to another.
 */
export function passRolesToService(service: string, roleArns: readonly string[]): StatementSpec {
  return {
    actions: ['iam:PassRole'],
    resources: roleArns,
    ownRoleOnly: true,
    conditions: { StringEquals: { 'iam:PassedToService': service } },
  };
}

/**
 * The IAM policy variable that names the SageMaker Studio user under ABAC: with
 * `ExecutionRoleIdentityConfig=USER_PROFILE_NAME` the session's source identity
 * is the user profile name. Only the engine writes it; user input may never
 * contain `${`.
 */
export const SOURCE_IDENTITY_VARIABLE = '${aws:SourceIdentity}';

/** `arn:P:s3:::bucket` for each bucket (bucket-level actions: ListBucket, GetBucketLocation). */
export function s3BucketArns(arn: ArnBuilder, buckets: readonly string[]): string[] {
  return buckets.map((b) => arn.s3(b));
}

/** `arn:P:s3:::bucket/<keyPattern>` for each bucket (object-level actions). */
export function s3ObjectArns(arn: ArnBuilder, buckets: readonly string[], keyPattern = '*'): string[] {
  return buckets.map((b) => arn.s3(`${b}/${keyPattern}`));
}

/**
 * Bucket listing and object access to the given buckets (`*` for every bucket).
 * With UserIsolation.S3Prefix this is the one place S3 data is isolated: every
 * activity that grants object access goes through here, so a role with an S3
 * prefix never holds a whole-bucket object grant that would let one Studio user
 * read another's prefix. Each user's prefix is `<S3Prefix>/<domain id>/<user>/`
 * at the root of a named bucket. Without a source identity (e.g. a session
 * SageMaker starts for a job) the isolated grant matches nothing: access fails
 * closed.
 */
export function bucketDataAccess(
  arn: ArnBuilder,
  buckets: readonly string[],
  objectActions: readonly string[],
  isolation: UserIsolationContext | undefined,
): StatementSpec[] {
  if (isolation?.s3Prefix === undefined) {
    return [
      { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: s3BucketArns(arn, buckets) },
      { actions: objectActions, resources: s3ObjectArns(arn, buckets) },
    ];
  }
  const userPrefix = `${isolation.s3Prefix}/${userPath(isolation)}`;
  return [
    { actions: ['s3:GetBucketLocation'], resources: s3BucketArns(arn, buckets) },
    {
      // StringLike without IfExists: a listing without a prefix would show
      // every user's object keys, so it is denied rather than allowed.
      actions: ['s3:ListBucket'],
      resources: s3BucketArns(arn, buckets),
      conditions: { StringLike: { 's3:prefix': `${userPrefix}/*` } },
    },
    { actions: objectActions, resources: s3ObjectArns(arn, buckets, `${userPrefix}/*`) },
  ];
}

/**
 * SageMaker's default bucket in the role's region and account. Studio, Canvas
 * and the Python SDK store their working data there, so naming it exactly is
 * narrower than any `sagemaker-*` pattern.
 */
export function sageMakerDefaultBucket(arn: ArnBuilder): string {
  return `sagemaker-${arn.region}-${arn.account}`;
}

/** Object actions for reading and writing data (multipart included, so large uploads can be cleaned up). */
export const S3_OBJECT_READ_WRITE_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:GetObject',
  's3:ListMultipartUploadParts',
  's3:PutObject',
] as const;

/**
 * Glue Data Catalog ARNs that cover the given databases and all their tables.
 * Glue authorizes a table call against the catalog, the database and the
 * table, so all three levels are needed, each as narrow as the names allow.
 */
export function glueDatabaseArns(arn: ArnBuilder, databases: readonly string[]): string[] {
  return [
    arn.regional('glue', 'catalog'),
    ...databases.map((db) => arn.regional('glue', `database/${db}`)),
    ...databases.map((db) => arn.regional('glue', `table/${db}/*`)),
  ];
}

/** Reading table definitions and partitions: what a query engine needs from the catalog. */
export const GLUE_READ_ACTIONS = [
  'glue:BatchGetPartition',
  'glue:GetDatabase',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:GetTable',
  'glue:GetTableVersions',
  'glue:GetTables',
] as const;

/**
 * Canvas names the SageMaker resources it creates with "canvas" (AWS's Canvas
 * managed policies scope to names containing `Canvas` or `canvas`), so
 * Canvas activities can be limited to those instead of every resource.
 */
export function canvasNamed(arn: ArnBuilder, resourceType: string): string[] {
  return [arn.sagemaker(`${resourceType}/*Canvas*`), arn.sagemaker(`${resourceType}/*canvas*`)];
}

/** Read, write and list in SageMaker's default bucket, where Canvas keeps datasets, flows and models. */
export function defaultBucketAccess(arn: ArnBuilder): StatementSpec[] {
  const bucket = sageMakerDefaultBucket(arn);
  return [
    // Canvas creates the default bucket on first use when it does not exist yet.
    { actions: ['s3:CreateBucket', 's3:GetBucketLocation', 's3:ListBucket'], resources: [arn.s3(bucket)] },
    { actions: S3_OBJECT_READ_WRITE_ACTIONS, resources: [arn.s3(`${bucket}/*`)] },
  ];
}

/**
 * The MLflow tracking servers an activity may use: the named ones, or every
 * tracking server of the role's account and region when none are named
 * (still a resource type, never `*`).
 */
export function mlflowTrackingServerArns(arn: ArnBuilder, names: readonly string[]): string[] {
  return names.length > 0
    ? names.map((n) => arn.sagemaker(`mlflow-tracking-server/${n}`))
    : [arn.sagemaker('mlflow-tracking-server/*')];
}

/**
 * ECR repositories as EcrRepositories gives them: a name is that repository of
 * the role's account in the builder's region (so in each of the role's
 * Regions); an ARN is exactly that repository, of any account (e.g. a central
 * registry), and only in its own region. Validation has checked both forms.
 */
export function ecrRepositoryArns(arn: ArnBuilder, repositories: readonly string[]): string[] {
  return repositories.map((repo) => (parseEcrRepositoryArn(repo) ? repo : arn.regional('ecr', `repository/${repo}`)));
}

/**
 * The endpoint host names of `service` in the role's region(s), as KMS sees
 * them in `kms:ViaService` (e.g. `s3.us-east-1.amazonaws.com`; China regions
 * use `amazonaws.com.cn`). Region-dependent like an ARN, so it lives here
 * next to the ARN helpers.
 */
export function serviceEndpoints(arn: ArnBuilder, service: string): string[] {
  const suffix = arn.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return [`${service}.${arn.region}.${suffix}`];
}

/**
 * Where Canvas imports data from, as AWS's Canvas policies allow it, limited to
 * the role's account and region: bucket names, the Glue Data Catalog and
 * Athena (metadata), Redshift (queries as the `sagemaker_access*` database
 * user only), RDS instances, and the connection secrets Canvas itself creates
 * (named `AmazonSageMaker-*`).
 */
export function canvasDataSources(arn: ArnBuilder): StatementSpec[] {
  return [
    // ListAllMyBuckets, ListDataCatalogs and the statement calls have no resource type.
    {
      actions: [
        'athena:ListDataCatalogs',
        'redshift-data:CancelStatement',
        'redshift-data:DescribeStatement',
        'redshift-data:GetStatementResult',
        's3:ListAllMyBuckets',
      ],
      resources: ['*'],
    },
    {
      actions: ['glue:GetDatabases', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables', 'glue:SearchTables'],
      resources: [arn.regional('glue', 'catalog'), arn.regional('glue', 'database/*'), arn.regional('glue', 'table/*/*')],
    },
    { actions: ['athena:ListDatabases', 'athena:ListTableMetadata'], resources: [arn.regional('athena', 'datacatalog/*')] },
    {
      actions: [
        'redshift-data:DescribeTable',
        'redshift-data:ExecuteStatement',
        'redshift-data:ListSchemas',
        'redshift-data:ListTables',
      ],
      resources: [arn.regional('redshift', 'cluster:*'), arn.regional('redshift-serverless', 'workgroup/*')],
    },
    {
      actions: ['redshift:GetClusterCredentials'],
      resources: [arn.regional('redshift', 'dbuser:*/sagemaker_access*'), arn.regional('redshift', 'dbname:*/*')],
    },
    { actions: ['rds:DescribeDBInstances'], resources: [arn.regional('rds', 'db:*')] },
    {
      actions: ['secretsmanager:CreateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [arn.regional('secretsmanager', 'secret:AmazonSageMaker-*')],
    },
  ];
}

/**
 * A regional ARN of a resource AWS owns, with an empty account field (e.g.
 * Bedrock's `foundation-model/*`), in the role's partition and region.
 */
export function awsOwnedRegional(arn: ArnBuilder, service: string, resource: string): string {
  return `arn:${arn.partition}:${service}:${arn.region}::${resource}`;
}

/** Reasons several activities give in their `isolation` block for what every user shares. */
export const SHARED_REASON = {
  list: 'IAM authorizes these List actions only on "*": they show the names, status and dates of every user\'s resources, never their contents',
  kms: 'the administrator\'s DataKmsKeyArns / VolumeKmsKeyArns, usable only through S3 or SageMaker (kms:ViaService): a key decrypts nothing by itself, and the data it protects stays behind owner checks and per-user prefixes',
} as const;

/** Why sagemaker:Search is not granted with UserIsolation (several activities grant it). */
export const SEARCH_WITHHELD =
  'Search is authorized only on "*" and returns whole records (hyperparameters, environment, metrics) of every user\'s resources, whatever their owner tag: list and describe your own resources instead';

/** Why s3:GetBucketLocation stays whole-bucket with UserIsolation.S3Prefix. */
export const S3_BUCKET_LOCATION_REASON = "the bucket's Region, which every user of the bucket needs and which holds no data";
