// Example CDK app: the roles of one ML team, built with every construct of
// cdk/lib. Synthesize it offline from this directory with `npx cdk synth`
// (or `npx tsx app.ts`, the cdk.json app command) after `npm run build` at the
// repository root, which builds the provider bundle the stack uploads.
//
// Context (cdk.json or -c key=value):
//   dataBucketName, trainingRepositoryName  existing bucket and ECR repository of the team
//   permissionsBoundaryArn                  optional boundary the provider enforces on every role

import * as path from 'node:path';
import { App, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Activity, Persona, SageMakerPersonaRole, SageMakerPersonaRoleProvider } from '../lib';

export const EXAMPLE_STACK_NAME = 'SageMakerPersonaRolesExample';

export class TeamRolesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const context = (key: string): string | undefined => this.node.tryGetContext(key) as string | undefined;

    // Guardrails first: the provider's props can only be given by the call that creates it.
    const boundaryArn = context('permissionsBoundaryArn');
    SageMakerPersonaRoleProvider.of(this, {
      permissionsBoundary: boundaryArn ? iam.ManagedPolicy.fromManagedPolicyArn(this, 'Boundary', boundaryArn) : undefined,
    });

    const data = s3.Bucket.fromBucketName(this, 'Data', context('dataBucketName') ?? 'example-team-a-data');
    const images = ecr.Repository.fromRepositoryName(this, 'Images', context('trainingRepositoryName') ?? 'team-a/training');
    // Jobs must encrypt their volumes and output with the team's key (conditions compare key ARNs).
    const teamKey = new kms.Key(this, 'TeamKey', { enableKeyRotation: true, description: 'Team A ML data and volumes' });

    // The compute role jobs run as: the typed resource construct.
    const compute = new SageMakerPersonaRole(this, 'ComputeRole', {
      persona: 'ComputeRole',
      roleNameSuffix: 'team-a-compute',
      s3Buckets: [data],
      ecrRepositories: [images],
      dataKeys: [teamKey],
      volumeKeys: [teamKey],
      tags: { team: 'a' },
    });

    // The data scientists' role: the seed API, as with the old library.
    const dataScientist = new Persona(this, 'DataScientist', {
      activities: [
        Activity.runStudioApps(this, 'StudioApps'),
        Activity.manageJobs(this, 'Jobs', { rolesToPass: [compute.role] }),
        Activity.manageExperiments(this, 'Experiments'),
        Activity.visualizeExperiments(this, 'Visualize'),
        Activity.accessS3Buckets(this, 'Buckets', { s3Buckets: [data] }),
      ],
    });
    dataScientist.customizeKMS([teamKey], [teamKey]);
    dataScientist.createRole(this, 'DataScientistRole', 'team-a-data-scientist', 'Team A data scientists');

    // One activity's permissions granted to an existing identity (here a CI role that starts pipelines).
    const ci = new iam.Role(this, 'PipelineRunner', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: 'Team A CI: starts and watches SageMaker pipelines',
    });
    Activity.managePipelines(this, 'Pipelines', { rolesToPass: [compute.role] }).grantPermissionsTo(ci);
  }
}

export function buildApp(app: App = new App()): App {
  new TeamRolesStack(app, EXAMPLE_STACK_NAME);
  return app;
}

// Run directly (`npx tsx app.ts`), it writes the assembly to ./cdk.out like `cdk synth`;
// run by the CDK CLI, CDK_OUTDIR says where.
if (require.main === module) {
  const assembly = buildApp(new App({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') })).synth();
  for (const stack of assembly.stacks) process.stdout.write(`${path.relative(process.cwd(), stack.templateFullPath)}\n`);
}
