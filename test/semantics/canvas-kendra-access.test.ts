import { policiesFor, regionalArn, simulate, type DecisionCase } from '../support/simulate';

const INDEX = '0123abcd-4567-89ef-0123-456789abcdef';
const OTHER_INDEX = 'ffffeeee-4567-89ef-0123-456789abcdef';

// GIVEN (for every case) a Custom role with CanvasKendraAccess on one index.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasKendraAccess'], KendraIndexes: [INDEX] });

describe('CanvasKendraAccess', () => {
  it.each<DecisionCase>([
    ['allows querying the given index', { action: 'kendra:Query', resource: regionalArn('kendra', `index/${INDEX}`) }, 'Allowed'],
    ['allows retrieving passages from it', { action: 'kendra:Retrieve', resource: regionalArn('kendra', `index/${INDEX}`) }, 'Allowed'],
    ['allows listing indexes', { action: 'kendra:ListIndices', resource: '*' }, 'Allowed'],
    ['denies querying another index', { action: 'kendra:Query', resource: regionalArn('kendra', `index/${OTHER_INDEX}`) }, 'ImplicitlyDenied'],
    ['denies adding documents', { action: 'kendra:BatchPutDocument', resource: regionalArn('kendra', `index/${INDEX}`) }, 'ImplicitlyDenied'],
    ['denies deleting the index', { action: 'kendra:DeleteIndex', resource: regionalArn('kendra', `index/${INDEX}`) }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN the named index can be searched and nothing can be changed
    expect(decision).toBe(expected);
  });
});
