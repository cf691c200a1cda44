import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RolePlan } from '../../src/policy-engine';
import { engineFixture, jsonErrors, run } from './support';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const PROPS = engineFixture('data-scientist.properties.json');

describe('help and version', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the commands and exits 0', (flag) => {
    // GIVEN a help request WHEN run THEN every command is listed on stdout
    const { code, out, err } = run([flag]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/plan <file>[\s\S]*diff <old> <new>[\s\S]*activities/);
  });

  it.each([
    ['plan', '--resource-value Id.Attr=Value'],
    ['diff', 'Exit status: 0 no permission change, 1 permissions change'],
    ['activities', '--json'],
  ])('%s --help and -h print that command\'s options', (command, expected) => {
    // GIVEN a command's help, in both spellings and through `help <command>`
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command], [command, 'x.json', '-h']]) {
      // WHEN run THEN its usage and options, exit 0
      const { code, out } = run(argv);
      expect(code).toBe(0);
      expect(out).toContain(`Usage: sagemaker-persona-role ${command}`);
      expect(out).toContain(expected);
    }
  });

  it('--version prints the package version', () => {
    // GIVEN --version WHEN run THEN only the version, exit 0
    expect(run(['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });
});

describe('strict options: usage errors exit 2', () => {
  it.each<[string, string[], string]>([
    ['no command', [], 'a command is required'],
    ['an unknown command, with a suggestion', ['plna', PROPS], 'unknown command "plna" (did you mean "plan"?)'],
    ['an unknown option, with a suggestion', ['plan', PROPS, '--regoin', 'eu-west-1'], 'unknown option --regoin (did you mean --region?)'],
    ['an unknown short option', ['plan', PROPS, '-x'], 'unknown option -x'],
    ['an option of another command', ['activities', '--account', '1'], 'unknown option --account'],
    ['a missing value', ['plan', PROPS, '--account'], '--account needs a value'],
    ['an option where its value should be', ['plan', PROPS, '--account', '--json'], '--account needs a value'],
    ['a value given to a flag', ['plan', PROPS, '--json=yes'], '--json is a flag'],
    ['a value given to --help', ['plan', '--help=1'], '--help is a flag'],
    ['too many files', ['plan', PROPS, PROPS], 'plan takes exactly one argument: <file> (unexpected:'],
    ['one file for diff', ['diff', PROPS], 'diff takes exactly 2 arguments: <old> <new>'],
    ['stdin twice', ['diff', '-', '-'], 'only one of <old> and <new> can be -'],
    ['a malformed --resource-value', ['plan', PROPS, '--resource-value', 'Bucket'], '--resource-value Bucket: expected Key=Value'],
    ['a bad quota', ['plan', PROPS, '--max-attached-policies', 'ten'], '--max-attached-policies ten: must be a positive whole number'],
    ['options before the command', ['--json', 'plan', PROPS], 'options go after the command'],
  ])('%s', (_name, argv, message) => {
    // GIVEN bad usage WHEN run THEN exit 2 and a message saying what is wrong, on stderr
    const { code, out, err } = run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
  });
});

describe('--json', () => {
  it('makes usage errors JSON on stderr with the same exit code', () => {
    // GIVEN an unknown option and --json WHEN run
    const { code, out, err } = run(['plan', PROPS, '--json', '--acount', '1']);
    // THEN exit 2 and { errors: [{ path, message }] } naming the option
    expect(code).toBe(2);
    expect(out).toBe('');
    const { errors } = jsonErrors(err);
    expect(errors).toEqual([{ path: '--acount', message: expect.stringContaining('unknown option --acount') }]);
  });

  it('makes validation errors JSON, one per property with its value', () => {
    // GIVEN an invalid properties file and --json WHEN planned
    const { code, out, err } = run(['plan', engineFixture('invalid.properties.json'), '--json']);
    // THEN exit 1, nothing on stdout, each issue with path, value and message
    expect(code).toBe(1);
    expect(out).toBe('');
    const { errors } = jsonErrors(err);
    expect(errors).toContainEqual({ path: 'Activities[0]', value: '"ManageMLJob"', message: expect.stringContaining('did you mean "ManageMLJobs"') });
    expect(errors).toContainEqual(expect.objectContaining({ path: 'S3Buckets[0]', value: '"team-a-*"' }));
  });

  it('makes file errors JSON', () => {
    // GIVEN a missing file WHEN planned with --json THEN exit 1 and one JSON error
    const { code, err } = run(['plan', 'does-not-exist.yaml', '--json']);
    expect(code).toBe(1);
    expect(jsonErrors(err).errors).toEqual([{ path: 'does-not-exist.yaml', message: expect.stringContaining('cannot read does-not-exist.yaml') }]);
  });

  it.each([['--json=false'], ['--no-json']])('%s prints the human summary, and its errors as text', (flag) => {
    // GIVEN JSON turned off explicitly WHEN planned THEN text, not JSON
    const ok = run(['plan', PROPS, flag]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Grants');
    expect(() => JSON.parse(ok.out) as unknown).toThrow();
    const bad = run(['plan', engineFixture('invalid.properties.json'), '--json', flag]);
    expect(bad.err).toMatch(/^error: PersonaRole: \d invalid properties/);
  });

  it('--json=true is --json; the last of several wins', () => {
    // GIVEN --json=true, or --no-json then --json WHEN planned THEN JSON
    expect((JSON.parse(run(['plan', PROPS, '--json=true']).out) as RolePlan).roleName).toBe('SageMaker-team-a');
    expect((JSON.parse(run(['plan', PROPS, '--no-json', '--json']).out) as RolePlan).roleName).toBe('SageMaker-team-a');
  });
});

describe('- reads standard input', () => {
  it('plans properties from stdin', () => {
    // GIVEN the properties on standard input WHEN planned with - THEN the same plan as from the file
    const fromFile = run(['plan', PROPS, '--json', '--stack-name', 's']);
    const fromStdin = run(['plan', '-', '--json', '--stack-name', 's'], readFileSync(PROPS, 'utf8'));
    expect(fromStdin).toEqual(fromFile);
  });

  it('plans a YAML template from stdin, named "stdin" when no stack name is given', () => {
    // GIVEN a template with generated role names on stdin WHEN planned
    const { code, out } = run(['plan', '-', '--json'], readFileSync(engineFixture('unresolvable.yaml'), 'utf8').replace('[!Ref NoDefault]', '[arn:aws:iam::111122223333:role/x]'));
    // THEN the generated names use the stack name stdin
    expect(code).toBe(0);
    expect((JSON.parse(out) as Record<string, RolePlan>).Planned.roleName).toMatch(/^SageMaker-stdin-Planned-[0-9a-f]{8}$/);
  });

  it('says so when stdin is not a document', () => {
    // GIVEN text that is not YAML WHEN planned from stdin THEN exit 1 naming standard input
    const { code, err } = run(['plan', '-'], '{ unclosed');
    expect(code).toBe(1);
    expect(err).toContain('standard input is neither valid JSON nor valid YAML');
  });
});
