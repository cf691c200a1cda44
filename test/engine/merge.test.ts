import { mergeStatements, type Statement } from '../../src/policy-engine';
import { list } from './support/engine';

const R1 = 'arn:aws:sagemaker:us-east-1:111122223333:training-job/*';
const R2 = 'arn:aws:sagemaker:us-east-1:111122223333:processing-job/*';
const COND = { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } };

function allow(actions: string[], resources: string[], condition?: Statement['Condition']): Statement {
  return { Effect: 'Allow', Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/** Every (action, resource, condition) triple a list of statements allows. */
function grants(statements: Statement[]): string[] {
  return statements
    .flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${a} ${r} ${JSON.stringify(s.Condition ?? {})}`)))
    .sort();
}

const cases: { name: string; input: Statement[]; expected: Statement[] }[] = [
  {
    name: 'same resources: actions are united',
    input: [allow(['sagemaker:StopTrainingJob'], [R1]), allow(['sagemaker:DescribeTrainingJob'], [R1])],
    expected: [allow(['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'], [R1])],
  },
  {
    name: 'same actions: resources are united',
    input: [allow(['sagemaker:AddTags'], [R1]), allow(['sagemaker:AddTags'], [R2])],
    expected: [allow(['sagemaker:AddTags'], [R2, R1])],
  },
  {
    name: 'different conditions stay apart',
    input: [allow(['iam:PassRole'], [R1], COND), allow(['iam:PassRole'], [R2])],
    expected: [
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: R2 },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: R1, Condition: COND },
    ],
  },
  {
    name: 'fixpoint: a resource union enables an action union',
    input: [allow(['a:X'], [R1]), allow(['a:X'], [R2]), allow(['a:Y'], [R1, R2])],
    expected: [allow(['a:X', 'a:Y'], [R2, R1])],
  },
];

describe('mergeStatements', () => {
  it.each(cases)('$name', ({ input, expected }) => {
    // GIVEN statements WHEN merged THEN the expected compact form, single values as strings
    const merged = mergeStatements(input);
    expect(merged).toEqual(expected.map((s) => JSON.parse(JSON.stringify(s, (_k, v) => (Array.isArray(v) && v.length === 1 ? v[0] : v)))));
  });

  it.each(cases)('$name: allows exactly the same', ({ input }) => {
    // GIVEN statements WHEN merged THEN the set of granted triples is unchanged
    expect(grants(mergeStatements(input))).toEqual(grants(input));
  });

  it('is independent of input order and never invents a wildcard', () => {
    // GIVEN the same statements in two orders WHEN merged
    const input = cases.flatMap((c) => c.input);
    const forward = JSON.stringify(mergeStatements(input));
    const backward = JSON.stringify(mergeStatements([...input].reverse()));
    // THEN byte-identical, and no "*" that was not in the input
    expect(backward).toBe(forward);
    expect(forward.replace(/training-job\/\*|processing-job\/\*/g, '')).not.toContain('*');
  });

  it('sorts condition values so equal sets compare equal', () => {
    // GIVEN two statements whose conditions list values in different orders
    const a = allow(['a:X'], [R1], { StringEquals: { 'k:k': ['2', '1'] } });
    const b = allow(['a:Y'], [R1], { StringEquals: { 'k:k': ['1', '2'] } });
    // WHEN merged THEN they are one statement
    expect(mergeStatements([a, b])).toHaveLength(1);
  });
});
