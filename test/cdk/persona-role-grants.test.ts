// CDK grants to a persona role: the provider owns the role's policies, so a
// grant is never written as a second, unmanaged policy; each one leaves a synth
// warning that says what to do instead. Grants naming the role as a resource work.
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Activity, GRANT_DROPPED_WARNING, Persona, SageMakerPersonaRole } from '../../cdk/lib';
import { ensureLambdaBundle } from './support/bundle';
import { newStack } from './support/stacks';

beforeAll(() => ensureLambdaBundle());

interface GrantCase {
  name: string;
  grant: (stack: Stack, role: iam.IRole) => void;
  warning: RegExp;
}

const GRANTS: GrantCase[] = [
  { name: 'bucket.grantRead', grant: (s, role) => new s3.Bucket(s, 'Bucket').grantRead(role), warning: /a grant of s3:GetObject\*, s3:GetBucket\*, s3:List\* on 2 resources was NOT added/ },
  { name: 'queue.grantSendMessages', grant: (s, role) => new sqs.Queue(s, 'Queue').grantSendMessages(role), warning: /a grant of sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on 1 resource was NOT added/ },
  {
    name: 'addToPrincipalPolicy',
    grant: (_s, role) => role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeVpcs'], resources: ['*'] })),
    warning: /a grant of ec2:DescribeVpcs on 1 resource was NOT added/,
  },
  {
    name: 'attachInlinePolicy',
    grant: (s, role) => role.attachInlinePolicy(new iam.Policy(s, 'Extra', { statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })] })),
    warning: /the inline policy .*Extra was NOT added/,
  },
  {
    name: 'addManagedPolicy',
    grant: (_s, role) => role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')),
    warning: /a managed policy \(addManagedPolicy\) was NOT added/,
  },
];

describe('grants to a persona role', () => {
  it.each(GRANTS)('$name: writes no policy and warns at synth with what to do instead', ({ grant, warning }) => {
    // GIVEN a persona role
    const stack = newStack('Stack');
    const role = new SageMakerPersonaRole(stack, 'Compute', { persona: 'ComputeRole', s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')] }).role;
    // WHEN CDK code grants it something
    grant(stack, role);
    // THEN no IAM policy and no resource policy is written for it
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    template.resourceCountIs('AWS::SQS::QueuePolicy', 0);
    // AND the persona role construct carries a warning naming the grant and the alternatives
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Compute', Match.stringLikeRegexp('NOT added'));
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0].entry.data);
    expect(text).toMatch(warning);
    expect(text).toMatch(/managedPolicies/);
    expect(text).toMatch(/activities/);
    expect(text).toContain(`[ack: ${GRANT_DROPPED_WARNING}]`);
  });

  it('warns for a role made by Persona.createRole (the seed API) too', () => {
    // GIVEN a role from the old library's API
    const stack = newStack('Stack');
    const role = new Persona(stack, 'Ds', { activities: [Activity.runStudioApps(stack, 'Studio')] }).createRole(stack, 'DsRole', 'ds');
    // WHEN a bucket grants it read access THEN the warning is on the role's construct
    new s3.Bucket(stack, 'Bucket').grantRead(role);
    expect(Annotations.fromStack(stack).findWarning('/Stack/DsRole', Match.stringLikeRegexp('NOT added'))).toHaveLength(1);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('keeps grants that name the role as a resource: grantPassRole', () => {
    // GIVEN a persona role and a CI role
    const stack = newStack('Stack');
    const persona = new SageMakerPersonaRole(stack, 'Compute', { persona: 'ComputeRole', s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')] });
    const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    // WHEN the CI role may pass the persona role
    persona.role.grantPassRole(ci);
    // THEN the CI role's policy allows iam:PassRole on exactly the persona role's ARN, and nothing warns
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Compute'), 'Arn'] } })] },
      Roles: [{ Ref: Match.stringLikeRegexp('^Ci') }],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('NOT added'))).toHaveLength(0);
  });

  it('is a principal for resource policies: the role ARN from the provider', () => {
    // GIVEN a bucket policy that names the persona role as principal
    const stack = newStack('Stack');
    const persona = new SageMakerPersonaRole(stack, 'Compute', { persona: 'ComputeRole', s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')] });
    const bucket = new s3.Bucket(stack, 'Shared');
    bucket.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')], principals: [persona.role] }));
    // THEN the principal is the provider's Arn attribute
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Compute'), 'Arn'] } } })] },
    });
  });
});
