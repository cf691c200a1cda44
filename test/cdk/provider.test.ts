import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Activity, Persona, SageMakerPersonaRole, SageMakerPersonaRoleProvider } from '../../cdk/lib';
import { bundleCode } from '../../cdk/lib/provider';
import { ProviderEnv, Prop, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { ensureLambdaBundle } from './support/bundle';
import { DATA_KEY_ARN, imported, newStack, resourcesOfType } from './support/stacks';

beforeAll(() => ensureLambdaBundle());

function serviceTokens(stack: Stack): unknown[] {
  return Object.values(resourcesOfType(stack, RESOURCE_TYPE)).map((r) => r.Properties[Prop.ServiceToken]);
}

describe('SageMakerPersonaRoleProvider', () => {
  it('is created once per stack, however many roles use it', () => {
    // GIVEN three roles made three different ways in one stack
    const stack = newStack();
    const r = imported(stack);
    new SageMakerPersonaRole(stack, 'Direct', { persona: 'Custom', activities: ['ManageExperiments'] });
    Activity.manageJobs(stack, 'Jobs', { rolesToPass: [r.compute] }).createRole(stack, 'FromActivity', 'jobs');
    new Persona(stack, 'Persona', { activities: [Activity.manageExperiments(stack, 'Experiments')] }).createRole(stack, 'FromPersona', 'experiments');
    // WHEN synthesized
    const template = Template.fromStack(stack);
    // THEN there is one function, one execution role and one log group, and every role uses that function
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const tokens = serviceTokens(stack);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens.map((t) => JSON.stringify(t))).size).toBe(1);
  });

  it('gives each stack its own provider', () => {
    // GIVEN two stacks of one app, each with a role
    const app = new App();
    const stacks = ['A', 'B'].map((id) => new Stack(app, id));
    for (const stack of stacks) new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'] });
    // THEN each has exactly one function
    for (const stack of stacks) Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('runs the bundle on nodejs22.x arm64, logging JSON to a retained log group', () => {
    // GIVEN a provider with default settings
    const stack = newStack();
    SageMakerPersonaRoleProvider.of(stack);
    const template = Template.fromStack(stack);
    // THEN the function and its log group are configured as in cfn/provider.yaml
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 300,
      MemorySize: 256,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^PersonaRoleProviderLogGroup') } },
      Environment: {
        Variables: { [ProviderEnv.MaxAttachedPolicies]: '10', [ProviderEnv.LogLevel]: 'INFO' },
      },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' });
  });

  it('passes the enforced boundary, quota and log settings to the Lambda', () => {
    // GIVEN a provider with every guardrail set
    const stack = newStack();
    const boundary = 'arn:aws:iam::111122223333:policy/ml-boundary';
    SageMakerPersonaRoleProvider.of(stack, {
      permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', boundary),
      maxAttachedPoliciesPerRole: 20,
      allowedPassRoleArns: ['arn:aws:iam::111122223333:role/SageMaker-compute-*'],
      allowedS3BucketPatterns: ['team-a-*', 'shared-data'],
      logLevel: 'DEBUG',
      logRetention: logs.RetentionDays.ONE_YEAR,
      logEncryptionKey: kms.Key.fromKeyArn(stack, 'LogKey', DATA_KEY_ARN),
    });
    const template = Template.fromStack(stack);
    // THEN the Lambda reads them through the shared ProviderEnv names
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          [ProviderEnv.PermissionsBoundaryArn]: boundary,
          [ProviderEnv.AllowedPassRoleArns]: 'arn:aws:iam::111122223333:role/SageMaker-compute-*',
          [ProviderEnv.AllowedS3BucketPatterns]: 'team-a-*,shared-data',
          [ProviderEnv.AllowedManagedPolicyArns]: '',
          [ProviderEnv.MaxAttachedPolicies]: '20',
          [ProviderEnv.LogLevel]: 'DEBUG',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: DATA_KEY_ARN });
    // The test-only loopback switch is never set by the construct.
    expect(JSON.stringify(template.toJSON())).not.toContain(ProviderEnv.TestAllowLoopbackResponseUrl);
  });

  it('refuses props once the provider exists, so two parts of an app cannot disagree on guardrails', () => {
    // GIVEN a stack whose provider was created by a role
    const stack = newStack();
    new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'] });
    // WHEN / THEN configuring it afterwards fails with the fix
    expect(() => SageMakerPersonaRoleProvider.of(stack, { logLevel: 'DEBUG' })).toThrow(
      /already exists; pass its props to the first SageMakerPersonaRoleProvider\.of\(\) call/,
    );
    // AND asking for it without props returns the same construct
    expect(SageMakerPersonaRoleProvider.of(stack)).toBe(SageMakerPersonaRoleProvider.of(stack));
  });

  it.each([
    { props: { rolePathPrefix: 'ml/' }, message: /rolePathPrefix: "ml\/" is invalid: must be an IAM path/ },
    { props: { rolePathPrefix: '/ml*/' }, message: /rolePathPrefix: "\/ml\*\/" is invalid/ },
    { props: { maxAttachedPoliciesPerRole: 21 }, message: /maxAttachedPoliciesPerRole: 21 is invalid: must be a whole number from 1 to 20/ },
    { props: { maxAttachedPoliciesPerRole: 0 }, message: /maxAttachedPoliciesPerRole: 0 is invalid/ },
    { props: { allowedPassRoleArns: ['SageMaker-*'] }, message: /allowedPassRoleArns\[0\]: "SageMaker-\*" is invalid: expected a role ARN pattern/ },
    { props: { allowedS3BucketPatterns: ['Team_A'] }, message: /allowedS3BucketPatterns\[0\]: "Team_A" is invalid/ },
  ])('refuses $props', ({ props, message }) => {
    // GIVEN a stack WHEN the provider gets a bad setting THEN it says what is allowed
    expect(() => SageMakerPersonaRoleProvider.of(newStack(), props)).toThrow(message);
  });

  it('scopes the execution role to SageMaker-* roles and policies under the path prefix', () => {
    // GIVEN a provider restricted to /ml/
    const stack = newStack();
    SageMakerPersonaRoleProvider.of(stack, { rolePathPrefix: '/ml/' });
    // THEN the statement that can widen a role only reaches SageMaker-* roles under /ml/
    const role = Object.values(resourcesOfType(stack, 'AWS::IAM::Role'))[0].Properties;
    const policies = role.Policies as { PolicyName: string; PolicyDocument: { Statement: { Sid?: string; Resource: unknown }[] } }[];
    const grant = policies
      .find((p) => p.PolicyName === 'manage-persona-roles')
      ?.PolicyDocument.Statement.find((s) => s.Sid === 'GrantToOwnedRoles');
    const tails = JSON.stringify(stack.resolve(grant?.Resource));
    expect(tails).toContain(':role/sagemaker-persona-role/ml/SageMaker-*');
    expect(tails).toContain(':role/sagemaker-persona-role/ml/*/SageMaker-*');
  });

  it('tells to run npm run build when the bundle is missing', () => {
    // GIVEN a directory without index.js WHEN it is used as the bundle THEN the error names the file and the fix
    const dir = path.join(os.tmpdir(), 'no-such-bundle', 'dist', 'lambda');
    expect(() => bundleCode(dir)).toThrow(`The provider bundle ${path.join(dir, 'index.js')} is missing: run \`npm run build\``);
  });
});
