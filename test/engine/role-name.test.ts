import { replacementConflict, requiresReplacement, roleName } from '../../src/policy-engine';

const base = {
  path: '/',
  stackName: 'ml-platform',
  stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/ml-platform/6b8d6c40',
  logicalId: 'DataScientistRole',
};

describe('roleName', () => {
  it('uses the suffix when given', () => {
    // GIVEN a suffix WHEN named THEN SageMaker-<suffix>
    expect(roleName({ ...base, roleNameSuffix: 'team-a' })).toBe('SageMaker-team-a');
  });

  it('generates a stable readable name with a hash when omitted', () => {
    // GIVEN no suffix WHEN named twice THEN the same name, prefixed, with stack and logical id
    const name = roleName(base);
    expect(name).toBe(roleName(base));
    expect(name).toMatch(/^SageMaker-ml-platform-DataScientistRole-[0-9a-f]{8}$/);
  });

  const variants: [string, Partial<typeof base>][] = [
    ['another stack id', { stackId: `${base.stackId}-other` }],
    ['another logical id', { logicalId: 'MLOpsRole' }],
    ['another path', { path: '/team-a/' }],
  ];
  it.each(variants)('changes with %s', (_name, change) => {
    // GIVEN one input changed WHEN named THEN the name differs
    expect(roleName({ ...base, ...change })).not.toBe(roleName(base));
  });

  it('stays within 64 characters and IAM characters for long or odd stack names', () => {
    // GIVEN a 128-character stack name and a long logical id
    const name = roleName({ ...base, stackName: 'S'.repeat(128), logicalId: `Role${'x'.repeat(200)}` });
    // THEN the name is truncated before the hash
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^SageMaker-[A-Za-z0-9+=,.@_-]+-[0-9a-f]{8}$/);
  });
});

describe('replacement', () => {
  const plan = { roleName: 'SageMaker-team-a', path: '/' };

  it('requires replacement on a name or path change only', () => {
    // GIVEN old and new plans WHEN compared THEN only name/path changes replace
    expect(requiresReplacement(plan, { ...plan })).toBe(false);
    expect(requiresReplacement(plan, { ...plan, roleName: 'SageMaker-team-b' })).toBe(true);
    expect(requiresReplacement(plan, { ...plan, path: '/ml/' })).toBe(true);
  });

  it('explains a path change under a fixed name', () => {
    // GIVEN the same name and a new path WHEN checked THEN the message says what to do
    expect(replacementConflict(plan, { ...plan, path: '/ml/' })).toMatch(/Path cannot change from "\/" to "\/ml\/".*RoleNameSuffix/);
    expect(replacementConflict(plan, { roleName: 'SageMaker-team-b', path: '/ml/' })).toBeUndefined();
    expect(replacementConflict(plan, plan)).toBeUndefined();
  });
});
