import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { diffPlans, type DiffResult, type ResourceGrant, type RoleDiff } from '../../src/cli/diff';
import { planRole, type RolePlan } from '../../src/policy-engine';
import { context } from '../engine/support/engine';
import { validProperties } from '../engine/support/arbitraries';
import { engineFixture, files, jsonErrors, run } from './support';

const ACCOUNT = '111122223333';
const COMPUTE = `arn:aws:iam::${ACCOUNT}:role/SageMaker-team-a-compute`;
const SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'];

/** A small role: training jobs that pass the compute role, and one bucket. */
const BASE = {
  Persona: 'Custom',
  Activities: ['ManageMLJobs', 'S3BucketAccess'],
  RoleNameSuffix: 'team-a-trainer',
  PassRoles: [COMPUTE],
  S3Buckets: ['team-a-data'],
};

function diff(before: Record<string, unknown>, after: Record<string, unknown>, ...options: string[]) {
  const paths = files({ 'old.json': before, 'new.json': after });
  return run(['diff', paths['old.json'], paths['new.json'], ...options]);
}

function diffJson(before: Record<string, unknown>, after: Record<string, unknown>): { code: number; result: DiffResult } {
  const { code, out } = diff(before, after, '--json');
  return { code, result: JSON.parse(out) as DiffResult };
}

const only = (result: DiffResult): RoleDiff => {
  expect(result.roles).toHaveLength(1);
  return result.roles[0];
};

describe('sagemaker-persona-role diff', () => {
  it('no change: exit 0, whatever the order of the lists', () => {
    // GIVEN the same properties with buckets in another order
    const before = { ...BASE, S3Buckets: ['team-a-data', 'team-a-models'] };
    const after = { ...BASE, S3Buckets: ['team-a-models', 'team-a-data'] };
    // WHEN diffed THEN exit 0 and nothing granted or revoked
    const { code, out } = diff(before, after);
    expect(code).toBe(0);
    expect(out).toBe('No permission changes.\n');
  });

  it('grant: a new bucket adds its bucket and object actions, exit 1', () => {
    // GIVEN a second bucket WHEN diffed as JSON
    const { code, result } = diffJson(BASE, { ...BASE, S3Buckets: ['team-a-data', 'team-a-models'] });
    // THEN exit 1; the new bucket's ARNs are granted, nothing revoked, no replacement
    expect(code).toBe(1);
    const role = only(result);
    expect(role).toMatchObject({ status: 'changed', replacement: false, revokes: [], conditionChanges: [], permissionChange: true });
    expect(role.grants.map((g) => g.resources)).toEqual([['arn:aws:s3:::team-a-models'], ['arn:aws:s3:::team-a-models/*']]);
    expect(role.grants[0].actions).toEqual(expect.arrayContaining(['s3:ListBucket']));
    expect(role.grants[1].actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
  });

  it('revoke: removing an activity revokes its actions, and its pass role', () => {
    // GIVEN ManageMLJobs dropped WHEN diffed
    const { code, result } = diffJson(BASE, { ...BASE, Activities: ['S3BucketAccess'], PassRoles: undefined });
    // THEN exit 1; training-job actions and iam:PassRole are revoked, nothing granted
    expect(code).toBe(1);
    const role = only(result);
    expect(role.grants).toEqual([]);
    const revoked = role.revokes.flatMap((g) => g.actions.flatMap((a) => g.resources.map((r) => `${a} ${r}`)));
    expect(revoked).toContain('sagemaker:CreateTrainingJob arn:aws:sagemaker:us-east-1:111122223333:training-job/*');
    expect(revoked).toContain(`iam:PassRole ${COMPUTE}`);
    expect(role.passRoles).toEqual({ granted: [], revoked: [{ role: COMPUTE, services: ['sagemaker.amazonaws.com'] }] });
  });

  it('replacement: a new RoleNameSuffix replaces the role, even with the same permissions', () => {
    // GIVEN only the suffix changed WHEN diffed
    const { code, out } = diff(BASE, { ...BASE, RoleNameSuffix: 'team-a-training' });
    // THEN exit 1 and the headline says replacement, old and new names
    expect(code).toBe(1);
    expect(out).toContain('PersonaRole: REPLACEMENT SageMaker-team-a-trainer → SageMaker-team-a-training: CloudFormation creates the new role, then deletes the old one');
    expect(out).toContain('Permission changes: 0 granted and 0 revoked (an action on a resource each), 0 condition changes, 1 role replaced');
  });

  it('an in-place update says so', () => {
    // GIVEN a permission change without a new name WHEN diffed THEN "updated in place"
    const { out } = diff(BASE, { ...BASE, S3Buckets: ['team-a-models'] });
    expect(out).toMatch(/^PersonaRole: SageMaker-team-a-trainer: updated in place\n  Grants \(\d+ actions on 2 resources\)\n    \+ arn:aws:s3:::team-a-models\n/);
    expect(out).toMatch(/  Revokes \(\d+ actions on 2 resources\)\n    - arn:aws:s3:::team-a-data\n/);
  });

  it('conditions changed: new VPC subnets change the conditions of the same actions', () => {
    // GIVEN VPC settings, then one subnet more WHEN diffed
    const vpc = { ...BASE, VpcSubnetIds: [SUBNETS[0]], VpcSecurityGroupIds: ['sg-0123456789abcdef0'] };
    const { code, result } = diffJson(vpc, { ...vpc, VpcSubnetIds: SUBNETS });
    // THEN the create actions keep their resources and show old and new conditions, not a grant and a revoke
    expect(code).toBe(1);
    const role = only(result);
    expect(role.grants).toEqual([]);
    expect(role.revokes).toEqual([]);
    const training = role.conditionChanges.find((c) => c.actions.includes('sagemaker:CreateTrainingJob'));
    expect(JSON.stringify(training?.old)).toContain(SUBNETS[0]);
    expect(JSON.stringify(training?.old)).not.toContain(SUBNETS[1]);
    expect(JSON.stringify(training?.new)).toContain(SUBNETS[1]);
  });

  it('pass roles: a new role to pass is listed with the service it may be passed to', () => {
    // GIVEN a second pass role WHEN diffed
    const other = `arn:aws:iam::${ACCOUNT}:role/SageMaker-team-a-inference`;
    const { code, out } = diff(BASE, { ...BASE, PassRoles: [COMPUTE, other] });
    // THEN the Pass roles section names it and its service
    expect(code).toBe(1);
    expect(out).toContain(`  Pass roles\n    + ${other} → sagemaker.amazonaws.com`);
  });

  it('trust: user isolation lets SageMaker set the source identity', () => {
    // GIVEN UserIsolation added WHEN diffed THEN the trust change is listed
    // (S3BucketAccess under UserIsolation needs an S3Prefix.)
    const { result } = diffJson(BASE, { ...BASE, UserIsolation: { DomainId: 'd-abcdef123456', S3Prefix: 'users', SecretsPrefix: 'team-a' } });
    expect(only(result).trust.actions).toEqual({ added: ['sts:SetSourceIdentity'], removed: [] });
  });

  it('ManagedPolicyArns and the boundary are permission changes', () => {
    // GIVEN an attached policy and a boundary added WHEN diffed
    const policy = `arn:aws:iam::${ACCOUNT}:policy/team-a-extra`;
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/ml-boundary`;
    const { code, out } = diff(BASE, { ...BASE, ManagedPolicyArns: [policy], PermissionsBoundary: boundary });
    // THEN both are listed and the exit code says change
    expect(code).toBe(1);
    expect(out).toContain(`  ManagedPolicyArns\n    + ${policy} (attached)`);
    expect(out).toContain(`  Permissions boundary: none → ${boundary}`);
  });

  it('tags, description and session duration grant nothing: listed, exit 0', () => {
    // GIVEN a tag and a longer session WHEN diffed
    const { code, out } = diff(BASE, { ...BASE, Tags: [{ Key: 'team', Value: 'a' }], MaxSessionDuration: '7200' });
    // THEN exit 0, the changes are shown as granting nothing
    expect(code).toBe(0);
    expect(out).toContain('  maxSessionDuration (grants nothing): 3600 → 7200');
    expect(out).toContain('No permission changes (only descriptions, session durations or tags).');
  });

  it('templates: roles are matched by logical id; added and deleted roles grant and revoke everything', () => {
    // GIVEN a template whose compute role is turned on, and the planner role removed
    const template = (withCompute: string) => `
Parameters:
  WithCompute: { Type: String, Default: '${withCompute}' }
Conditions:
  CreateCompute: !Equals [!Ref WithCompute, 'true']
Resources:
  ComputeRole:
    Type: Custom::SageMakerPersonaRole
    Condition: CreateCompute
    Properties: { Persona: ComputeRole, RoleNameSuffix: team-a-compute, S3Buckets: [team-a-data] }
  Trainer:
    Type: Custom::SageMakerPersonaRole
    Properties: { Persona: Custom, Activities: [ManageExperiments], RoleNameSuffix: team-a-trainer }
`;
    const paths = files({ 'old.yaml': template('false'), 'new.yaml': template('true') });
    // WHEN diffed
    const { code, out } = run(['diff', paths['old.yaml'], paths['new.yaml'], '--json']);
    const result = JSON.parse(out) as DiffResult;
    // THEN the compute role is new with all its grants, the trainer is unchanged
    expect(code).toBe(1);
    expect(result.roles.map((r) => [r.logicalId, r.status])).toEqual([['Trainer', 'unchanged'], ['ComputeRole', 'added']]);
    expect(result.roles[1].grants.length).toBeGreaterThan(0);
    expect(result.roles[1].revokes).toEqual([]);
    // AND the other way round it is deleted, with everything revoked
    const back = JSON.parse(run(['diff', paths['new.yaml'], paths['old.yaml'], '--json']).out) as DiffResult;
    const byId = (r: DiffResult, id: string) => r.roles.find((role) => role.logicalId === id);
    expect(byId(back, 'Trainer')).toMatchObject({ status: 'unchanged' });
    expect(byId(back, 'ComputeRole')).toMatchObject({ status: 'removed', grants: [] });
    expect(byId(back, 'ComputeRole')?.revokes).toEqual(byId(result, 'ComputeRole')?.grants);
  });

  it('reads `plan --json` output as either side', () => {
    // GIVEN the old plan saved as JSON and the new properties file
    const paths = files({ 'old.json': BASE, 'new.json': { ...BASE, S3Buckets: ['team-a-models'] } });
    const stored = run(['plan', paths['old.json'], '--json', '--stack-name', 'new']).out;
    const planPaths = files({ 'old-plan.json': stored });
    // WHEN diffed against it, and against the properties
    const fromPlan = run(['diff', planPaths['old-plan.json'], paths['new.json'], '--json']);
    const fromProps = run(['diff', paths['old.json'], paths['new.json'], '--json']);
    // THEN the same result
    expect(fromPlan).toEqual(fromProps);
  });

  it('reads one side from standard input', () => {
    // GIVEN the new properties on stdin WHEN diffed THEN the same as from a file
    const paths = files({ 'old.json': BASE, 'new.json': { ...BASE, S3Buckets: ['team-a-models'] } });
    const fromStdin = run(['diff', paths['old.json'], '-', '--json', '--stack-name', 'new'], JSON.stringify({ ...BASE, S3Buckets: ['team-a-models'] }));
    expect(fromStdin).toEqual(run(['diff', paths['old.json'], paths['new.json'], '--json']));
  });

  it('errors exit 2, as JSON with --json, naming the file', () => {
    // GIVEN an invalid new file WHEN diffed
    const invalid = engineFixture('invalid.properties.json');
    const paths = files({ 'old.json': BASE });
    const text = run(['diff', paths['old.json'], invalid]);
    const json = run(['diff', paths['old.json'], invalid, '--json']);
    // THEN exit 2 both ways, with the file and property in the error
    expect(text.code).toBe(2);
    expect(text.err).toContain(`error: ${invalid}: PersonaRole: `);
    expect(json.code).toBe(2);
    expect(json.out).toBe('');
    expect(jsonErrors(json.err).errors).toContainEqual(expect.objectContaining({ file: invalid, path: 'Activities[0]' }));
    // AND a missing file is an error too, not a change
    expect(run(['diff', paths['old.json'], 'missing.json']).code).toBe(2);
  });
});

describe('diff properties', () => {
  const planOf = (raw: Record<string, unknown>): RolePlan => planRole(raw, context());
  const single = (before: RolePlan, after: RolePlan) => diffPlans(new Map([['Role', before]]), new Map([['Role', after]])).roles[0];
  const atoms = (grants: ResourceGrant[]) =>
    grants.flatMap((g) => g.actions.flatMap((a) => g.resources.map((r) => `${a} ${r} ${JSON.stringify(g.condition ?? {})}`))).sort();
  const allowed = (plan: RolePlan) =>
    new Set(
      [...plan.inlinePolicies, ...plan.managedPolicies]
        .flatMap((p) => p.document.Statement)
        .flatMap((s) => [s.Action].flat().flatMap((action) => [s.Resource].flat().map((r) => `${action} ${r}`))),
    );
  // Generating valid property sets is the slow part: draw a pool once, then pairs from it.
  let pool: RolePlan[] = [];
  beforeAll(() => {
    pool = fc.sample(validProperties, 12).map(planOf);
  });

  it('diff(a, a) changes nothing; diff(a, b) grants what diff(b, a) revokes, and only what b allows and a does not', () => {
    const index = fc.nat({ max: 11 });
    fc.assert(
      fc.property(index, index, (i, j) => {
        // GIVEN two plans of valid property sets WHEN diffed both ways
        const [planA, planB] = [pool[i], pool[j]];
        const forward = single(planA, planB);
        const backward = single(planB, planA);
        // THEN a role against itself: unchanged, nothing to review
        expect(single(planA, planA)).toMatchObject({ status: 'unchanged', permissionChange: false, grants: [], revokes: [], conditionChanges: [] });
        // AND what one direction grants, the other revokes (conditions, pass roles and trust likewise)
        expect(atoms(forward.grants)).toEqual(atoms(backward.revokes));
        expect(atoms(forward.revokes)).toEqual(atoms(backward.grants));
        const changes = (list: RoleDiff['conditionChanges'], swap: boolean) =>
          list.map((c) => JSON.stringify([c.resources, c.actions, swap ? c.new : c.old, swap ? c.old : c.new])).sort();
        expect(changes(forward.conditionChanges, false)).toEqual(changes(backward.conditionChanges, true));
        expect(forward.passRoles.granted).toEqual(backward.passRoles.revoked);
        expect(forward.trust.services).toEqual({ added: backward.trust.services.removed, removed: backward.trust.services.added });
        expect(forward.permissionChange).toBe(backward.permissionChange);
        // AND every grant is an action on a resource that b allows and a does not
        const [inA, inB] = [allowed(planA), allowed(planB)];
        for (const grant of forward.grants) {
          for (const single of grant.actions.flatMap((action) => grant.resources.map((r) => `${action} ${r}`))) {
            expect(inB.has(single)).toBe(true);
            expect(inA.has(single)).toBe(false);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('the README sample', () => {
  it('is what diff prints for a second bucket and a second pass role', () => {
    // GIVEN the README's sample block
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('```\n', readme.indexOf('Sample (a second bucket and a second pass role):')) + 4;
    const sample = readme.slice(start, readme.indexOf('```', start));
    // WHEN the change it describes is diffed THEN the output is the sample, to the character
    const inference = `arn:aws:iam::${ACCOUNT}:role/SageMaker-team-a-inference`;
    const { out } = diff(BASE, { ...BASE, PassRoles: [COMPUTE, inference], S3Buckets: ['team-a-data', 'team-a-models'] });
    expect(out).toBe(sample);
  });
});
