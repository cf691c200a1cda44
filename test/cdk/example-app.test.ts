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
});
