// cdk-nag AwsSolutions over stacks that use every construct: no finding may
// stay unacknowledged, and every acknowledgment must say why.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Activity, Persona, SageMakerPersonaRole, SageMakerPersonaRoleProvider } from '../../cdk/lib';
import { buildApp } from '../../cdk/examples/app';
import { ensureLambdaBundle } from './support/bundle';
import { imported } from './support/stacks';

beforeAll(() => ensureLambdaBundle());

interface Report {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

interface NagRun {
  app: App;
  error?: Error;
  violations: string[];
}

/** Synthesizes with AwsSolutionsChecks and returns the unacknowledged findings. */
function runNag(build: (app: App) => void, context: Record<string, string> = {}): NagRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-'));
  const app = new App({ outdir, context });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: Error | undefined;
  try {
    app.synth();
  } catch (err) {
    error = err as Error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  fs.rmSync(outdir, { recursive: true, force: true });
  const violations = report.pluginReports.flatMap((p) =>
    p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
  );
  return { app, error, violations };
}

/** Every construct with guardrails on: allow-list, boundary, path prefix; direct role, seed API roles and a grant. */
function everyConstruct(app: App): void {
  // A concrete environment: findings then carry the account id instead of AWS::AccountId.
  const stack = new Stack(app, 'EveryConstruct', { env: { account: '111122223333', region: 'eu-west-1' } });
  SageMakerPersonaRoleProvider.of(stack, {
    permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', 'arn:aws:iam::111122223333:policy/ml-boundary'),
    allowedManagedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Extra', 'arn:aws:iam::111122223333:policy/team-extra')],
    rolePathPrefix: '/ml/',
  });
  const r = imported(stack);
  new SageMakerPersonaRole(stack, 'Direct', {
    persona: 'MLOps',
    path: '/ml/',
    passRoles: [r.compute],
    s3Buckets: [r.bucket],
    subnets: [r.subnet],
    securityGroups: [r.securityGroup],
  });
  Activity.manageJobs(stack, 'Jobs', { rolesToPass: [r.compute], dataKeys: [r.dataKey] }).createRole(stack, 'JobsRole', 'jobs');
  const persona = new Persona(stack, 'Persona', {
    activities: [Activity.manageExperiments(stack, 'Experiments'), Activity.queryAthenaGroups(stack, 'Athena', { athenaWorkgroupNames: ['primary'] })],
  });
  persona.createRole(stack, 'PersonaRole', 'analyst');
  const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  persona.grantPermissionsTo(target);
}

function acknowledgments(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Recorded as { "<scope>::<rule id>": reason }.
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([key, reason]) => ({
          path: c.node.path,
          id: key.slice(key.indexOf('::') + 2),
          reason,
        })),
      ),
  );
}

const STACKS: { name: string; build: (app: App) => void; context?: Record<string, string> }[] = [
  { name: 'the example app', build: (app) => buildApp(app) },
  {
    name: 'the example app with an enforced boundary',
    build: (app) => buildApp(app),
    context: { permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/ml-boundary' },
  },
  { name: 'a stack using every construct with every guardrail', build: everyConstruct },
];

describe.each(STACKS)('cdk-nag AwsSolutions over $name', ({ build, context }) => {
  const run = runNag(build, context);

  it('leaves no finding unacknowledged', () => {
    // GIVEN the synthesized app WHEN AwsSolutionsChecks ran THEN nothing is reported and synth succeeded
    expect(run.violations).toEqual([]);
    expect(run.error).toBeUndefined();
  });

  it('gives every acknowledgment a written reason', () => {
    // GIVEN the acknowledgments recorded in the construct tree
    const acks = acknowledgments(run.app);
    // THEN there are some (the provider's wildcards and runtime) and each explains itself in a sentence
    expect(acks.map((a) => a.id)).toEqual(expect.arrayContaining(['AwsSolutions-L1']));
    for (const ack of acks) expect({ ...ack, long: ack.reason.length >= 80 }).toEqual({ ...ack, long: true });
  });
});

describe('cdk-nag acknowledgments stay narrow', () => {
  it('still reports a wildcard the library did not write', () => {
    // GIVEN a stack whose only addition to the example is a hand-written wildcard grant
    const run = runNag((app) => {
      buildApp(app);
      const stack = new Stack(app, 'Extra');
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      s3.Bucket.fromBucketName(stack, 'Any', 'any-bucket').grantRead(role);
    });
    // THEN that finding is reported
    expect(run.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:s3:::any-bucket\/\*\] at Extra\/Reader/)]));
  });
});
