import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, EXAMPLE_STACK_NAME, type TeamRolesStack } from '../../cdk/examples/app';
import { Prop, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { ensureLambdaBundle } from './support/bundle';

beforeAll(() => ensureLambdaBundle());

function synthTemplate(context: Record<string, string> = {}): Template {
  const app = buildApp(new App({ context }));
  return Template.fromStack(app.node.findChild(EXAMPLE_STACK_NAME) as TeamRolesStack);
}

describe('cdk/examples app', () => {
  const template = synthTemplate();

  it('synthesizes the team roles on one provider', () => {
    // GIVEN the example app WHEN synthesized in-process THEN it has two persona roles and one provider
    template.resourceCountIs(RESOURCE_TYPE, 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('wires CDK objects into the properties: key ARN attribute, compute role ARN attribute', () => {
    // THEN the compute role names the team key by ARN
    template.hasResourceProperties(RESOURCE_TYPE, {
      [Prop.Persona]: 'ComputeRole',
      [Prop.RoleNameSuffix]: 'team-a-compute',
      [Prop.DataKmsKeyArns]: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TeamKey'), 'Arn'] }],
      [Prop.Tags]: [{ Key: 'team', Value: 'a' }],
    });
    // AND the data scientists may pass exactly the compute role the provider created
    template.hasResourceProperties(RESOURCE_TYPE, {
      [Prop.Persona]: 'Custom',
      [Prop.RoleNameSuffix]: 'team-a-data-scientist',
      [Prop.Activities]: ['RunStudioApps', 'ManageMLJobs', 'ManageExperiments', 'SearchVisualizeExperiments', 'S3BucketAccess'],
      [Prop.PassRoles]: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ComputeRole'), 'Arn'] }],
    });
  });

  it('grants the CI role the pipeline permissions, passing only the compute role', () => {
    // THEN the grant's PassRole statement names the compute role's ARN attribute, for SageMaker only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ComputeRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
          },
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^PipelineRunner') }],
    });
  });

  it('enforces the boundary given as context', () => {
    // GIVEN a boundary in the context WHEN synthesized THEN the provider's function enforces it
    synthTemplate({ permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/ml-boundary' }).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PERMISSIONS_BOUNDARY_ARN: 'arn:aws:iam::111122223333:policy/ml-boundary' }) },
    });
  });

  it('synthesizes byte-identical templates twice (no timestamps, no random names)', () => {
    // GIVEN two independent synths of the same app
    const first = JSON.stringify(synthTemplate().toJSON());
    const second = JSON.stringify(synthTemplate().toJSON());
    // THEN the templates are identical, asset hash included
    // (back to back: on a shared machine dist/lambda may be rebuilt between tests)
    expect(second).toBe(first);
  });

  it('synthesizes offline with the project\'s own CDK CLI (`npx cdk synth` in cdk/examples)', () => {
    // GIVEN the example directory (its cdk.json names the app) and an empty output directory
    const dir = path.resolve(__dirname, '..', '..', 'cdk', 'examples');
    const cli = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'cdk');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-example-'));
    // WHEN the pinned CLI synthesizes it (no network: notices and version checks off)
    execFileSync(cli, ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir], {
      cwd: dir,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
      stdio: 'pipe',
    });
    // THEN the CLI accepted the assembly and it holds the stack's template with the two persona roles
    const written = JSON.parse(fs.readFileSync(path.join(outdir, `${EXAMPLE_STACK_NAME}.template.json`), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(written.Resources).filter((r) => r.Type === RESOURCE_TYPE)).toHaveLength(2);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
