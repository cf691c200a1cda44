import { defineActivity } from '../model';
import { GLUE_READ_ACTIONS, glueDatabaseArns } from '../shared';

// Feature Store offline stores and Data Wrangler exports register tables in
// Glue. Tables and partitions inside the given databases only; creating or
// deleting databases is left to the data platform team.
export const manageGlueTables = defineActivity({
  id: 'ManageGlueTables',
  title: 'Manage Glue Tables',
  description: 'Create, update, delete and read tables and partitions in the given Glue Data Catalog databases.',
  requiredParameters: ['GlueDatabases'],
  vpc: false,
  kms: false,
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'the Glue Data Catalog authorizes tables by database and table name only (no owner tag IAM can check), so any user could change or drop another user\'s tables',
    instead: 'give each user a Glue database in a role of their own, or govern tables with AWS Lake Formation permissions',
  },
  statements: ({ arn, params }) => [
    {
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
    },
  ],
});
