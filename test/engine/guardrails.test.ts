// Guardrails of the provider stack, enforced by the engine (so the Lambda, the
// CLI and CDK refuse alike), and the fence around the provider's own policies
// (issue 8, findings 3 and 5).
import { planRole, PROVIDER_IAM_PATH, type Guardrails } from '../../src/policy-engine';
import { matchesPattern } from '../../src/policy-engine/guardrails';
import { context, issuesOf, mlJobsProps } from './support/engine';

const ACCOUNT = '111122223333';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const OWNED = `arn:aws:iam::${ACCOUNT}:policy${PROVIDER_IAM_PATH}SageMaker-team-a-data-scientist-1`;
const PROVIDER_ROLE = role('persona-role-provider-6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f');

function plan(extra: Record<string, unknown>, guardrails?: Guardrails) {
  return () => planRole(mlJobsProps({ RoleNameSuffix: 'team-b', ...extra }), context(guardrails ? { guardrails } : {}));
}

describe('the provider\'s own policies', () => {
  it('refuses another role\'s owned policy in ManagedPolicyArns, guardrails or not (finding 3)', () => {
    expect(issuesOf(plan({ ManagedPolicyArns: [OWNED] }))).toEqual([
      expect.objectContaining({ path: 'ManagedPolicyArns[0]', message: expect.stringMatching(/under \/sagemaker-persona-role\/ belong to the provider.*Activities/) }),
    ]);
    expect(issuesOf(plan({ ManagedPolicyArns: [OWNED] }, { allowedManagedPolicyArns: [OWNED] }))).toHaveLength(1);
  });

  it('puts the role under the provider\'s path with the user\'s Path nested inside', () => {
    expect(plan({ Path: '/ml/team-b/' })()).toMatchObject({ path: '/sagemaker-persona-role/ml/team-b/', managedPolicyPath: PROVIDER_IAM_PATH });
  });

  it('refuses a Path that no longer fits IAM\'s 512 characters once nested', () => {
    const long = `/${'a'.repeat(495)}/`;
    expect(issuesOf(plan({ Path: long }))).toEqual([expect.objectContaining({ path: 'Path', message: expect.stringMatching(/at most 489/) })]);
  });
});

describe('AllowedPassRoleArns', () => {
  const g: Guardrails = { allowedPassRoleArns: [role('SageMaker-compute-*'), role('ml/*')] };
  it.each([role('SageMaker-compute-a'), role('ml/jobs/exec')])('allows %s, which matches', (arn) => {
    expect(() => plan({ PassRoles: [arn] }, g)()).not.toThrow();
  });
  it.each([
    role('AmazonSageMaker-ExecutionRole-20240101T000000'),
    role('Admin'),
    role('SageMaker-compute'),
  ])('refuses %s with the pattern list in the message', (arn) => {
    expect(issuesOf(plan({ PassRoles: [arn] }, g))).toEqual([
      expect.objectContaining({ path: 'PassRoles[0]', message: expect.stringContaining(`AllowedPassRoleArns (${role('SageMaker-compute-*')}, ${role('ml/*')})`) }),
    ]);
  });
  it('never lets a role pass the provider\'s own role or one of another account, even without patterns', () => {
    expect(issuesOf(plan({ PassRoles: [PROVIDER_ROLE] }, { providerRoleArn: PROVIDER_ROLE }))).toEqual([
      expect.objectContaining({ path: 'PassRoles[0]', message: expect.stringMatching(/provider's own execution role/) }),
    ]);
    expect(issuesOf(plan({ PassRoles: ['arn:aws:iam::444455556666:role/SageMaker-x'] }, {}))).toEqual([
      expect.objectContaining({ path: 'PassRoles[0]', message: expect.stringMatching(/must be a role in account 111122223333/) }),
    ]);
  });
  it('restricts nothing when empty', () => {
    expect(() => plan({ PassRoles: [role('Anything')] }, { allowedPassRoleArns: [] })()).not.toThrow();
  });
});

describe('AllowedS3BucketPatterns', () => {
  const g: Guardrails = { allowedS3BucketPatterns: ['team-a-*', 'shared-data'] };
  const s3 = (buckets: string[]) => ({ Activities: ['ManageMLJobs', 'S3BucketAccess'], S3Buckets: buckets });
  it('allows matching buckets and refuses others (another team\'s data, the CloudTrail bucket)', () => {
    expect(() => plan(s3(['team-a-raw', 'shared-data']), g)()).not.toThrow();
    expect(issuesOf(plan(s3(['team-b-raw', 'org-cloudtrail-logs']), g)).map((i) => i.path)).toEqual(['S3Buckets[0]', 'S3Buckets[1]']);
    expect(issuesOf(plan(s3(['team-b-raw']), g))[0].message).toMatch(/AllowedS3BucketPatterns \(team-a-\*, shared-data\)/);
  });
});

describe('AllowedManagedPolicyArns and PermissionsBoundaryArn', () => {
  const canvas = 'arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess';
  it('refuses a policy outside the allow-list, and any when the list is empty', () => {
    expect(() => plan({ ManagedPolicyArns: [canvas] }, { allowedManagedPolicyArns: [canvas] })()).not.toThrow();
    expect(issuesOf(plan({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, { allowedManagedPolicyArns: [canvas] }))[0].message).toMatch(/not in this provider's AllowedManagedPolicyArns/);
    expect(issuesOf(plan({ ManagedPolicyArns: [canvas] }, { allowedManagedPolicyArns: [] }))[0].message).toMatch(/allows no managed policies/);
  });
  it('gives every role the enforced boundary, which the role\'s own PermissionsBoundary cannot replace', () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/ml-boundary`;
    expect(plan({}, { permissionsBoundaryArn: boundary })().permissionsBoundary).toBe(boundary);
    expect(plan({ PermissionsBoundary: boundary }, { permissionsBoundaryArn: boundary })().permissionsBoundary).toBe(boundary);
    expect(issuesOf(plan({ PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/weaker` }, { permissionsBoundaryArn: boundary }))[0]).toMatchObject({
      path: 'PermissionsBoundary',
      message: expect.stringMatching(/enforces the boundary/),
    });
  });
});

describe('matchesPattern', () => {
  it.each([
    ['a-b', 'a-*', true],
    ['a-b', 'a-?', true],
    ['a-bc', 'a-?', false],
    ['a.b', 'a?b', true],
    ['axb', 'a.b', false],
    ['role/x/y', 'role/*', true],
  ])('%s ~ %s is %s', (value, pattern, expected) => {
    expect(matchesPattern(value, pattern)).toBe(expected);
  });
});
