import { resolveTemplate, UnresolvableError, type ResolveTemplateOptions, type TemplateLike } from '../../src/cli/intrinsics';

const PSEUDO = { partition: 'aws', region: 'eu-west-1', account: '111122223333', stackName: 'ml' };

const TEMPLATE: TemplateLike = {
  Parameters: {
    Persona: { Type: 'String', Default: 'DataScientist' },
    Team: { Type: 'String' },
    Buckets: { Type: 'CommaDelimitedList', Default: '' },
    Quota: { Type: 'Number', Default: 10 },
    Path: { Type: 'String', Default: 'a/b/c' },
  },
  Conditions: {
    IsMLOps: { 'Fn::Equals': [{ Ref: 'Persona' }, 'MLOps'] },
    HasBuckets: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'Buckets' }] }, ''] }] },
    MLOpsWithBuckets: { 'Fn::And': [{ Condition: 'IsMLOps' }, { Condition: 'HasBuckets' }] },
    MLOpsOrBuckets: { 'Fn::Or': [{ Condition: 'IsMLOps' }, { Condition: 'HasBuckets' }] },
    QuotaIsTen: { 'Fn::Equals': [{ Ref: 'Quota' }, '10'] },
    NeedsTeam: { 'Fn::Equals': [{ Ref: 'Team' }, 'a'] },
    Loop: { 'Fn::Not': [{ Condition: 'Loop2' }] },
    Loop2: { Condition: 'Loop' },
  },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': '${AWS::StackName}-data' } } },
    OnlyForMLOps: { Type: 'AWS::S3::Bucket', Condition: 'IsMLOps', Properties: {} },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: { 'Fn::If': ['IsMLOps', 'ops', { 'Fn::Sub': '${Persona} in ${AWS::Region}' }] },
        Buckets: { 'Fn::If': ['HasBuckets', { Ref: 'Buckets' }, { Ref: 'AWS::NoValue' }] },
        Items: ['a', { 'Fn::If': ['MLOpsOrBuckets', 'b', { Ref: 'AWS::NoValue' }] }],
        Last: { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'Path' }] }] },
        BucketArn: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
        BucketName: { Ref: 'Bucket' },
        Imported: { 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}-token' } },
      },
    },
  },
};

function resolver(options: Partial<ResolveTemplateOptions> = {}) {
  return resolveTemplate(TEMPLATE, {
    pseudo: PSEUDO,
    resourceValue: (id, attribute) => `<${id}.${attribute ?? 'Ref'}>`,
    importValue: (name) => `import:${name}`,
    ...options,
  });
}

describe('resolveTemplate: Conditions', () => {
  it.each([
    ['defaults', {}, { IsMLOps: false, HasBuckets: false, MLOpsWithBuckets: false, MLOpsOrBuckets: false, QuotaIsTen: true }],
    ['MLOps', { Persona: 'MLOps' }, { IsMLOps: true, HasBuckets: false, MLOpsWithBuckets: false, MLOpsOrBuckets: true, QuotaIsTen: true }],
    ['MLOps with buckets', { Persona: 'MLOps', Buckets: 'a,b', Quota: '20' }, { IsMLOps: true, HasBuckets: true, MLOpsWithBuckets: true, MLOpsOrBuckets: true, QuotaIsTen: false }],
  ])('evaluates Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition with %s', (_name, parameters, expected) => {
    // GIVEN parameter values WHEN each condition is evaluated
    const r = resolver({ parameters });
    const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, r.condition(name)]));
    // THEN each has CloudFormation's value (a Number parameter compares as its text)
    expect(actual).toEqual(expected);
  });

  it('refuses an unknown condition, a condition that refers to itself, and one on a Parameter without a value', () => {
    // GIVEN conditions that cannot be evaluated WHEN evaluated THEN each error says why
    const r = resolver();
    expect(() => r.condition('Nope')).toThrow('Condition Nope is not in the template');
    expect(() => r.condition('Loop')).toThrow('Conditions.Loop refers to itself: Loop → Loop2 → Loop');
    expect(() => r.condition('NeedsTeam')).toThrow(UnresolvableError);
    expect(() => r.condition('NeedsTeam')).toThrow('Conditions.NeedsTeam[0] uses Ref Team (a Parameter without a Default or a given value)');
  });
});

describe('resolveTemplate: values', () => {
  it('resolves Fn::If, AWS::NoValue, Fn::Select, Fn::Split, Fn::Sub and resource and import callbacks with the defaults', () => {
    // GIVEN the template with its defaults WHEN the role's properties are resolved
    const props = resolver().properties('Role');
    // THEN the false branches are taken, NoValue drops the property and the list item, resources stay symbolic
    expect(props).toEqual({
      Description: 'DataScientist in eu-west-1',
      Items: ['a'],
      Last: 'c',
      BucketArn: '<Bucket.Arn>',
      BucketName: '<Bucket.Ref>',
      Imported: 'import:ml-token',
    });
  });

  it('uses given parameters over the Defaults, splitting and trimming lists', () => {
    // GIVEN MLOps with two buckets (one as an array, as callers may pass lists)
    const r = resolver({ parameters: { Persona: 'MLOps', Buckets: 'x-data, y-data', Path: ['p/q/r'] } });
    // WHEN resolved THEN the true branches are taken and the list is a list
    expect(r.properties('Role')).toMatchObject({ Description: 'ops', Buckets: ['x-data', 'y-data'], Items: ['a', 'b'], Last: 'r' });
    expect(r.resolve({ 'Fn::Select': ['1', { Ref: 'Buckets' }] })).toBe('y-data');
    expect(resolver({ parameters: { Buckets: ['only'] } }).properties('Role').Buckets).toEqual(['only']);
  });

  it('applies resource Conditions in resources()', () => {
    // GIVEN the template WHEN its resources are listed for two personas THEN the conditional one follows IsMLOps
    const fixed = { Buckets: 'b', Team: 'a' };
    expect(Object.keys(resolver({ parameters: fixed }).resources())).toEqual(['Bucket', 'Role']);
    expect(Object.keys(resolver({ parameters: { ...fixed, Persona: 'MLOps' } }).resources())).toEqual(['Bucket', 'OnlyForMLOps', 'Role']);
    expect(resolver({ parameters: fixed }).resources().Bucket).toEqual({ Type: 'AWS::S3::Bucket', Properties: { BucketName: 'ml-data' } });
  });

  it('skips listed properties and drops a property whose value is AWS::NoValue', () => {
    // GIVEN a skip list WHEN resolved THEN the skipped and NoValue properties are absent
    expect(Object.keys(resolver().properties('Role', ['Imported', 'BucketArn', 'BucketName']))).toEqual(['Description', 'Items', 'Last']);
  });

  const failures: [string, unknown, string][] = [
    ['a Parameter without a value', { Ref: 'Team' }, 'P uses Ref Team (a Parameter without a Default or a given value)'],
    ['a Parameter without a value in Fn::Sub', { 'Fn::Sub': '${Team}-x' }, 'P uses ${Team} in Fn::Sub (a Parameter without a Default'],
    ['an unknown name', { Ref: 'Nothing' }, 'P uses Ref Nothing'],
    ['Fn::If on an unknown condition', { 'Fn::If': ['Nope', 'a', 'b'] }, 'P uses Fn::If on condition Nope: Condition Nope is not in the template'],
    ['a malformed Fn::If', { 'Fn::If': ['IsMLOps', 'a'] }, 'P uses a malformed Fn::If'],
    ['Fn::Select out of range', { 'Fn::Select': [3, ['a', 'b']] }, 'P uses Fn::Select index 3 of a list of 2'],
    ['Fn::Select from an empty list parameter', { 'Fn::Select': [0, { Ref: 'Buckets' }] }, 'P uses Fn::Select index 0 of a list of 0'],
    ['Fn::Split of a list', { 'Fn::Split': [',', ['a']] }, 'P uses an Fn::Split of a value that is not a known string'],
    ['Fn::Join over objects', { 'Fn::Join': [',', [{ a: 1 }]] }, 'P uses an Fn::Join over values that are not all known strings'],
    ['a condition function outside Conditions', { 'Fn::Equals': ['a', 'a'] }, 'P uses Fn::Equals outside the template\'s Conditions'],
    ['an unsupported function', { 'Fn::FindInMap': ['M', 'a', 'b'] }, 'P uses Fn::FindInMap, which cannot be resolved offline'],
  ];
  it.each(failures)('refuses %s, naming the property', (_name, value, message) => {
    // GIVEN a value the resolver cannot know WHEN resolved THEN an UnresolvableError with the path and the reason
    const r = resolver();
    expect(() => r.resolve({ P: value })).toThrow(UnresolvableError);
    expect(() => r.resolve({ P: value })).toThrow(message);
  });

  it('refuses resources and imports when no callback gives their value', () => {
    // GIVEN no callbacks WHEN a resource attribute or import is resolved THEN the error names it
    const r = resolveTemplate(TEMPLATE, { pseudo: PSEUDO });
    expect(() => r.resolve({ 'Fn::GetAtt': 'Bucket.Arn' }, 'X')).toThrow('X uses Fn::GetAtt Bucket.Arn');
    expect(() => r.resolve({ 'Fn::Sub': '${Bucket.Arn}' }, 'X')).toThrow('X uses ${Bucket.Arn} in Fn::Sub');
    expect(() => r.resolve({ Ref: 'Bucket' }, 'X')).toThrow('X uses Ref Bucket (a resource, known once deployed)');
    expect(() => r.resolve({ 'Fn::ImportValue': 'e' }, 'X')).toThrow('X uses Fn::ImportValue e');
  });

  it('refuses given parameters the template does not declare', () => {
    // GIVEN a misspelt parameter WHEN the resolver is made THEN the error lists the declared ones
    expect(() => resolver({ parameters: { Personna: 'MLOps' } })).toThrow(
      'the template declares no Parameter Personna; its Parameters are Persona, Team, Buckets, Quota, Path',
    );
  });

  it('gives the pseudo parameters CloudFormation gives', () => {
    // GIVEN the China partition WHEN pseudo parameters are resolved THEN each has its value
    const r = resolveTemplate(TEMPLATE, { pseudo: { ...PSEUDO, partition: 'aws-cn', region: 'cn-north-1' } });
    expect(r.resolve({ 'Fn::Sub': '${AWS::Partition} ${AWS::URLSuffix} ${AWS::AccountId} ${!Literal}' })).toBe(
      'aws-cn amazonaws.com.cn 111122223333 ${Literal}',
    );
    expect(r.resolve({ Ref: 'AWS::StackId' })).toBe('arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/ml/00000000-0000-0000-0000-000000000000');
    expect(() => r.resolve({ Ref: 'AWS::NoValue' }, 'X')).toThrow('X is AWS::NoValue');
  });
});
