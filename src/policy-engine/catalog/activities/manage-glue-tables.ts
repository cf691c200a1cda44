import { dataKeysViaS3 } from '../kms';
import { defineActivity, type StatementSpec } from '../model';
import { bucketDataAccess, GLUE_READ_ACTIONS, glueDatabaseArns, s3BucketArns } from '../shared';

// AWS's Feature Store activity: the offline store of a feature group is a
// Glue table in the `sagemaker_featurestore` database (Feature Store updates
// its schema) backed by objects in the offline-store buckets (S3Buckets). Data
// Wrangler exports and offline stores in your own databases (GlueDatabases)
// create and change tables and partitions there. Creating or deleting
// databases is left to the data platform team.
const FEATURE_STORE_DATABASE = 'sagemaker_featurestore';

export const manageGlueTables = defineActivity({
  id: 'ManageGlueTables',
  title: 'Manage Glue Tables',
  description:
    'Feature Store offline stores: read and update tables of the sagemaker_featurestore database, manage tables and partitions in the given Glue databases, and use the given offline-store S3 buckets.',
  requiredParameters: [],
  optionalParameters: ['GlueDatabases', 'S3Buckets'],
  vpc: false,
  // Offline-store objects encrypted with DataKmsKeyArns (through S3 only).
  kms: true,
  // Its S3 grants go through bucketDataAccess: UserIsolation.S3Prefix isolates them.
  s3Isolation: true,
  fidelity: {
    references: [
      { file: 'role-manager-templates/manageGlueTables.json' },
      { file: 'role-manager-templates/manageGlueTablesKms.json' },
    ],
    omissions: {
      's3:PutBucketAcl': 'AWS grants it on object ARNs, where it matches nothing; changing a bucket ACL is not Feature Store work',
    },
    extras: {
      'glue:*Partition*': 'offline stores and Data Wrangler exports in your own GlueDatabases add and prune partitions',
      'glue:CreateTable': 'offline stores and Data Wrangler exports create tables in your own GlueDatabases',
      'glue:*DeleteTable': 'remove tables in your own GlueDatabases (never in sagemaker_featurestore)',
      'glue:GetTables': 'read table definitions in your own GlueDatabases',
      'glue:GetTableVersions': 'read table definitions in your own GlueDatabases',
      'glue:GetDatabase': 'read the definitions of your own GlueDatabases',
      's3:GetBucketLocation': 'SDKs look up the bucket region before any request',
      's3:ListBucket': 'list the offline store (the template grants objects but no listing)',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'the Glue Data Catalog authorizes tables by database and table name only (no owner tag IAM can check), so any user could change or drop another user\'s tables',
    instead: 'give each user a Glue database in a role of their own, or govern tables with AWS Lake Formation permissions',
  },
  statements: (ctx): StatementSpec[] => {
    const { arn, params, userIsolation } = ctx;
    const featureStore = glueDatabaseArns(arn, [FEATURE_STORE_DATABASE]);
    const statements: StatementSpec[] = [
      { actions: ['glue:GetTable', 'glue:UpdateTable'], resources: featureStore },
      // Finding feature groups' tables: in the Feature Store database and the given ones.
      { actions: ['glue:SearchTables'], resources: glueDatabaseArns(arn, [FEATURE_STORE_DATABASE, ...params.GlueDatabases]) },
    ];
    if (params.GlueDatabases.length > 0) {
      statements.push({
        actions: [
          ...GLUE_READ_ACTIONS,
          'glue:BatchCreatePartition',
          'glue:BatchDeletePartition',
          'glue:BatchDeleteTable',
          'glue:CreatePartition',
          'glue:CreateTable',
          'glue:DeletePartition',
          'glue:DeleteTable',
          'glue:UpdatePartition',
          'glue:UpdateTable',
        ],
        resources: glueDatabaseArns(arn, params.GlueDatabases),
      });
    }
    if (params.S3Buckets.length > 0) {
      statements.push(
        ...bucketDataAccess(arn, params.S3Buckets, ['s3:GetObject', 's3:PutObject'], userIsolation),
        // Feature Store checks the offline-store bucket's ACL before writing to it.
        { actions: ['s3:GetBucketAcl'], resources: s3BucketArns(arn, params.S3Buckets) },
      );
    }
    statements.push(...dataKeysViaS3(ctx));
    return statements;
  },
});
