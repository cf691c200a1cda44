import { policiesFor, regionalArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role that manages tables of the "features" database.
const policies = policiesFor({ Persona: 'Custom', Activities: ['ManageGlueTables'], GlueDatabases: ['features'] });

describe('ManageGlueTables', () => {
  it.each<DecisionCase>([
    ['allows creating a table in the given database', { action: 'glue:CreateTable', resource: regionalArn('glue', 'table/features/customers') }, 'Allowed'],
    ['allows adding partitions', { action: 'glue:BatchCreatePartition', resource: regionalArn('glue', 'table/features/customers') }, 'Allowed'],
    ['allows deleting a table there', { action: 'glue:DeleteTable', resource: regionalArn('glue', 'table/features/customers') }, 'Allowed'],
    ['allows describing the database', { action: 'glue:GetDatabase', resource: regionalArn('glue', 'database/features') }, 'Allowed'],
    ['denies a table in another database', { action: 'glue:CreateTable', resource: regionalArn('glue', 'table/hr/salaries') }, 'ImplicitlyDenied'],
    ['denies deleting the database itself', { action: 'glue:DeleteDatabase', resource: regionalArn('glue', 'database/features') }, 'ImplicitlyDenied'],
    ['denies a database with a longer name', { action: 'glue:GetTable', resource: regionalArn('glue', 'table/features_raw/customers') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN tables are managed in the named database only
    expect(decision).toBe(expected);
  });
});
