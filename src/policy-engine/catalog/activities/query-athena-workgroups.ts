import { defineActivity, type StatementSpec } from '../model';
import { GLUE_READ_ACTIONS, glueDatabaseArns } from '../shared';

// Athena authorizes queries on the workgroup and catalog metadata on the data
// catalog; the tables themselves are Glue resources (GlueDatabases, read-only
// here) and the results live in S3 (grant the output bucket with S3BucketAccess).
export const queryAthenaWorkgroups = defineActivity({
  id: 'QueryAthenaWorkgroups',
  title: 'Query Athena Workgroups',
  description:
    'Run, stop and read Athena queries and saved queries in the given workgroups, reading table definitions of the given Glue databases.',
  requiredParameters: ['AthenaWorkgroups'],
  optionalParameters: ['GlueDatabases'],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'role-manager-templates/queryWorkgroups.json' },
    ],
    omissions: {},
    extras: {
      'athena:*NamedQuery': 'saved queries of the given workgroups (the Athena console and SQL extensions use them)',
      'athena:ListNamedQueries': 'saved queries of the given workgroups',
      'athena:BatchGetQueryExecution': 'query history of the given workgroups, as PyAthena and the console read it',
      'athena:ListQueryExecutions': 'query history of the given workgroups',
      'athena:GetQueryResultsStream': 'streamed results (the Athena JDBC/ODBC drivers)',
      'athena:GetQueryRuntimeStatistics': 'query statistics shown with the results',
      'athena:GetWorkGroup': 'drivers read the workgroup\'s result location and settings before querying',
      'athena:ListWorkGroups': 'pick a workgroup (read-only, no resource type)',
      'athena:GetDataCatalog': 'describe AwsDataCatalog, the account\'s Glue catalog as Athena sees it',
      'athena:GetDatabase': 'describe a database of AwsDataCatalog',
      'athena:GetTableMetadata': 'describe a table of AwsDataCatalog',
      'glue:*': 'Athena reads table definitions from Glue with the caller\'s permissions: read-only, in the given GlueDatabases only',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    refused: 'Athena authorizes query executions and results by workgroup only, so every user of a workgroup can read the others\' queries and results',
    instead: 'give each user a workgroup in a role of their own',
  },
  statements: ({ arn, params }): StatementSpec[] => {
    const statements: StatementSpec[] = [
      {
        actions: [
          'athena:BatchGetNamedQuery',
          'athena:BatchGetQueryExecution',
          'athena:CreateNamedQuery',
          'athena:GetNamedQuery',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:GetQueryRuntimeStatistics',
          'athena:GetWorkGroup',
          'athena:ListNamedQueries',
          'athena:ListQueryExecutions',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        resources: params.AthenaWorkgroups.map((wg) => arn.regional('athena', `workgroup/${wg}`)),
      },
      {
        // AwsDataCatalog is Athena's name for the account's Glue Data Catalog.
        actions: [
          'athena:GetDataCatalog',
          'athena:GetDatabase',
          'athena:GetTableMetadata',
          'athena:ListDatabases',
          'athena:ListTableMetadata',
        ],
        resources: [arn.regional('athena', 'datacatalog/AwsDataCatalog')],
      },
      // No resource type for these two (service authorization reference).
      { actions: ['athena:ListDataCatalogs', 'athena:ListWorkGroups'], resources: ['*'] },
    ];
    if (params.GlueDatabases.length > 0) {
      statements.push({ actions: GLUE_READ_ACTIONS, resources: glueDatabaseArns(arn, params.GlueDatabases) });
    }
    return statements;
  },
});
