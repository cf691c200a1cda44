import { parameterDefaults, resolveProperties, UnresolvableError, type OfflineValues } from '../../src/cli/intrinsics';

const values: OfflineValues = {
  partition: 'aws-us-gov',
  region: 'us-gov-west-1',
  account: '111122223333',
  stackName: 'ml',
  stackId: 'arn:aws-us-gov:cloudformation:us-gov-west-1:111122223333:stack/ml/offline',
  parameters: new Map<string, string | string[]>([
    ['Team', 'team-a'],
    ['Buckets', ['a-data', 'b-data']],
  ]),
  getAtt: (resource, attribute) => (resource === 'Compute' && attribute === 'Arn' ? 'arn:aws-us-gov:iam::111122223333:role/SageMaker-c' : undefined),
};

const resolved: [string, unknown, unknown][] = [
  ['pseudo parameter', { Ref: 'AWS::Partition' }, 'aws-us-gov'],
  ['parameter default', { Ref: 'Team' }, 'team-a'],
  ['list parameter', { Ref: 'Buckets' }, ['a-data', 'b-data']],
  ['Sub with pseudo and parameter', { 'Fn::Sub': '${Team}-${AWS::Region}' }, 'team-a-us-gov-west-1'],
  ['Sub with local variables', { 'Fn::Sub': ['${X}/${AWS::AccountId}', { X: { Ref: 'Team' } }] }, 'team-a/111122223333'],
  ['Sub literal ${!...}', { 'Fn::Sub': 'a-${!Literal}' }, 'a-${Literal}'],
  ['Join', { 'Fn::Join': ['-', ['x', { Ref: 'Team' }]] }, 'x-team-a'],
  ['GetAtt of a known role', { 'Fn::GetAtt': ['Compute', 'Arn'] }, 'arn:aws-us-gov:iam::111122223333:role/SageMaker-c'],
  ['nested lists', [{ Ref: 'Team' }, 'literal'], ['team-a', 'literal']],
  ['AWS::NoValue drops a list item', ['keep', { Ref: 'AWS::NoValue' }], ['keep']],
];

const unresolvable: [string, unknown, string][] = [
  ['Ref of a resource', { Ref: 'Bucket' }, 'P uses Ref Bucket'],
  ['ImportValue', { 'Fn::ImportValue': 'x' }, 'P uses Fn::ImportValue'],
  ['GetAtt of another resource', { 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'P uses Fn::GetAtt Bucket.Arn'],
  ['Sub of an unknown name', { 'Fn::Sub': '${Bucket.Arn}' }, '${Bucket.Arn} in Fn::Sub'],
  ['If', { 'Fn::If': ['C', 'a', 'b'] }, 'P uses Fn::If'],
];

describe('offline intrinsic resolution', () => {
  it.each(resolved)('resolves %s', (_name, input, expected) => {
    // GIVEN a property using an intrinsic with an offline value WHEN resolved THEN the value
    expect(resolveProperties({ P: input }, values, [])).toEqual({ P: expected });
  });

  it.each(unresolvable)('refuses %s, naming the property', (_name, input, message) => {
    // GIVEN an intrinsic only CloudFormation can resolve WHEN resolved THEN a clear error
    expect(() => resolveProperties({ P: input }, values, [])).toThrow(UnresolvableError);
    expect(() => resolveProperties({ P: input }, values, [])).toThrow(message);
  });

  it('drops a property set to AWS::NoValue and never touches skipped ones', () => {
    // GIVEN a NoValue property and a skipped ImportValue WHEN resolved THEN both are absent
    const out = resolveProperties({ A: { Ref: 'AWS::NoValue' }, ServiceToken: { 'Fn::ImportValue': 'x' } }, values, ['ServiceToken']);
    expect(out).toEqual({});
  });

  it('splits list-typed parameter defaults as CloudFormation does', () => {
    // GIVEN a template's Parameters WHEN their defaults are read THEN list types become lists
    const defaults = parameterDefaults({
      Parameters: {
        Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1, subnet-2' },
        Names: { Type: 'CommaDelimitedList', Default: '' },
        Team: { Type: 'String', Default: 'a' },
        NoDefault: { Type: 'String' },
      },
    });
    expect([...defaults]).toEqual([
      ['Subnets', ['subnet-1', 'subnet-2']],
      ['Names', []],
      ['Team', 'a'],
    ]);
  });
});
