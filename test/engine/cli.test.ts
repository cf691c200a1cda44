import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import type { RolePlan } from '../../src/policy-engine';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('sagemaker-persona-role plan', () => {
  it('summarizes a properties file with sizes against quotas', () => {
    // GIVEN a valid properties file WHEN planned
    const { code, out } = run('plan', fixture('data-scientist.properties.json'));
    // THEN exit 0 and a summary with the role, persona and quota use
    expect(code).toBe(0);
    expect(out).toContain('SageMaker-team-a');
    expect(out).toContain('DataScientist: 8 activities (persona defaults)');
    expect(out).toMatch(/Size +inline policy filled first: [\d,]+ of 10,240 characters; 1 managed policy \([\d,]+ of 6,144 characters\); 1 of 10 attached-policy slots/);
  });

  it('prints the RolePlan with --json', () => {
    // GIVEN --json WHEN planned THEN the output parses as one plan with the documented fields
    const { code, out } = run('plan', fixture('data-scientist.properties.json'), '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(out) as RolePlan;
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining(['roleName', 'path', 'description', 'maxSessionDuration', 'trustPolicy', 'inlinePolicies', 'managedPolicies', 'managedPolicyArns', 'tags']),
    );
    expect(plan.maxSessionDuration).toBe(7200);
  });

  it('plans every persona role of a template, resolving offline intrinsics', () => {
    // GIVEN a YAML template with !Sub, !Ref to parameters and pseudo parameters, and !GetAtt of a sibling role
    const { code, out, err } = run('plan', fixture('template.yaml'), '--json', '--partition', 'aws-cn', '--region', 'cn-north-1');
    // THEN both roles are planned, keyed by logical id, with values substituted
    expect(err).toBe('');
    expect(code).toBe(0);
    const plans = JSON.parse(out) as Record<string, RolePlan>;
    expect(Object.keys(plans)).toEqual(['ComputeRole', 'TrainerRole']);
    expect(plans.ComputeRole.roleName).toBe('SageMaker-team-b-compute');
    expect(JSON.stringify(plans.ComputeRole)).toContain('arn:aws-cn:s3:::team-b-data-111122223333');
    expect(JSON.stringify(plans.ComputeRole)).toContain('subnet-4567ef01');
    expect(JSON.stringify(plans.TrainerRole)).toContain('arn:aws-cn:iam::111122223333:role/sagemaker-persona-role/SageMaker-team-b-compute');
    expect(plans.TrainerRole.tags).toEqual([{ Key: 'region', Value: 'cn-north-1' }]);
  });

  it('picks one resource with --logical-id', () => {
    // GIVEN --logical-id WHEN planned THEN only that role
    const { out } = run('plan', fixture('template.yaml'), '--json', '--logical-id', 'TrainerRole');
    expect(Object.keys(JSON.parse(out))).toEqual(['TrainerRole']);
  });

  it('fails with every validation issue and exit 1', () => {
    // GIVEN invalid properties WHEN planned THEN each issue is printed with its path
    const { code, err } = run('plan', fixture('invalid.properties.json'));
    expect(code).toBe(1);
    expect(err).toContain('Activities[0]: "ManageMLJob" is invalid');
    expect(err).toContain('did you mean "ManageMLJobs"');
    expect(err).toContain('S3Buckets[0]: "team-a-*" is invalid');
  });

  it('names the property that cannot be resolved offline and still summarizes the other roles', () => {
    // GIVEN a template where one role uses a Ref to a parameter without a Default WHEN planned
    const { code, out, err } = run('plan', fixture('unresolvable.yaml'));
    // THEN exit 1, the error names the logical id and property, and the plannable role is summarized
    expect(code).toBe(1);
    expect(err).toContain('Role: PassRoles[0] uses Ref NoDefault');
    expect(out).toContain('Planned\n');
  });

  it('prints no partial JSON when a role fails', () => {
    // GIVEN the same template with --json WHEN planned THEN nothing on stdout
    const { code, out } = run('plan', fixture('unresolvable.yaml'), '--json');
    expect(code).toBe(1);
    expect(out).toBe('');
  });

  const usage: [string, string[], number, string][] = [
    ['no command', [], 2, 'Usage'],
    ['unknown command', ['deploy'], 2, 'unknown command "deploy"'],
    ['unknown option', ['plan', 'x.json', '--acount', '1'], 2, 'unknown option --acount (did you mean --account?)'],
    ['missing file', ['plan', 'does-not-exist.json'], 1, 'cannot read does-not-exist.json'],
    ['unknown logical id', ['plan', fixture('template.yaml'), '--logical-id', 'Nope'], 1, 'the template has ComputeRole, TrainerRole'],
    ['bad slot limit', ['plan', fixture('template.yaml'), '--max-attached-policies', '0'], 2, 'positive whole number'],
  ];
  it.each(usage)('exits non-zero on %s', (_name, argv, code, message) => {
    // GIVEN bad usage WHEN run THEN the exit code and message say what is wrong
    const result = run(...argv);
    expect(result.code).toBe(code);
    expect(result.err + result.out).toContain(message);
  });
});

describe('sagemaker-persona-role activities', () => {
  it('lists the catalog as JSON', () => {
    // GIVEN --json WHEN listed THEN every activity has its id and parameters
    const { code, out } = run('activities', '--json');
    expect(code).toBe(0);
    const { activities } = JSON.parse(out) as { activities: { id: string; requiredParameters: string[] }[] };
    expect(activities.find((a) => a.id === 'ManageMLJobs')?.requiredParameters).toEqual(['PassRoles']);
  });
});

describe('bin/sagemaker-persona-role.js', () => {
  it('runs the bundled CLI (building it when missing or stale) with the exit code of the command', () => {
    // GIVEN the installed entry point WHEN it plans a fixture and an invalid file
    const bin = join(__dirname, '..', '..', 'bin', 'sagemaker-persona-role.js');
    const ok = spawnSync(process.execPath, [bin, 'plan', fixture('data-scientist.properties.json'), '--json'], { encoding: 'utf8' });
    const bad = spawnSync(process.execPath, [bin, 'plan', fixture('invalid.properties.json')], { encoding: 'utf8' });
    // THEN the plan is printed with exit 0, and the invalid file exits 1 with its issues
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as RolePlan).roleName).toBe('SageMaker-team-a');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('did you mean "ManageMLJobs"');
  });
});
