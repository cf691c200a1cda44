import { policiesFor, regionalArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role that queries the "analytics" workgroup over the "sales" database.
const policies = policiesFor({
  Persona: 'Custom',
  Activities: ['QueryAthenaWorkgroups'],
  AthenaWorkgroups: ['analytics'],
  GlueDatabases: ['sales'],
});

describe('QueryAthenaWorkgroups', () => {
  it.each<DecisionCase>([
    ['allows starting a query in the given workgroup', { action: 'athena:StartQueryExecution', resource: regionalArn('athena', 'workgroup/analytics') }, 'Allowed'],
    ['allows reading query results there', { action: 'athena:GetQueryResults', resource: regionalArn('athena', 'workgroup/analytics') }, 'Allowed'],
    ['allows reading table metadata of the Glue catalog', { action: 'athena:GetTableMetadata', resource: regionalArn('athena', 'datacatalog/AwsDataCatalog') }, 'Allowed'],
    ['allows reading a table of the given database', { action: 'glue:GetTable', resource: regionalArn('glue', 'table/sales/orders') }, 'Allowed'],
    ['denies another workgroup', { action: 'athena:StartQueryExecution', resource: regionalArn('athena', 'workgroup/primary') }, 'ImplicitlyDenied'],
    ['denies a table of another database', { action: 'glue:GetTable', resource: regionalArn('glue', 'table/hr/salaries') }, 'ImplicitlyDenied'],
    ['denies deleting a table (read-only catalog access)', { action: 'glue:DeleteTable', resource: regionalArn('glue', 'table/sales/orders') }, 'ImplicitlyDenied'],
    ['denies changing the workgroup', { action: 'athena:UpdateWorkGroup', resource: regionalArn('athena', 'workgroup/analytics') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN queries run in the named workgroup only, over the named database only
    expect(decision).toBe(expected);
  });

  it('grants no Glue access when no GlueDatabases are given', async () => {
    // GIVEN the activity without the optional GlueDatabases
    const withoutGlue = policiesFor({ Persona: 'Custom', Activities: ['QueryAthenaWorkgroups'], AthenaWorkgroups: ['analytics'] });
    // WHEN a table is read
    const decision = await simulate(withoutGlue, { action: 'glue:GetTable', resource: regionalArn('glue', 'table/sales/orders') });
    // THEN it is denied
    expect(decision).toBe('ImplicitlyDenied');
  });
});
