import { Duration, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SageMakerPersonaRole, SageMakerPersonaRoleProvider, type ActivityId, type SageMakerPersonaRoleProps } from '../../cdk/lib';
import { findPersona } from '../../src/policy-engine/personas';
import { Attr, Prop, RESOURCE_TYPE, UserIsolationProp } from '../../src/policy-engine/names';
import { ensureLambdaBundle } from './support/bundle';
import {
  COMPUTE_ROLE_ARN,
  DATA_KEY_ARN,
  SECURITY_GROUP_ID,
  SUBNET_ID,
  VOLUME_KEY_ARN,
  imported,
  newStack,
  onlyProperties,
} from './support/stacks';

beforeAll(() => ensureLambdaBundle());

interface PropertiesCase {
  name: string;
  props: (stack: Stack) => SageMakerPersonaRoleProps;
  expected: Record<string, unknown>;
}

const PROPERTIES_CASES: PropertiesCase[] = [
  {
    name: 'persona defaults with CDK objects for every parameter',
    props: (stack) => {
      const r = imported(stack);
      return {
        persona: 'DataScientist',
        // Athena and Glue are not DataScientist defaults: the defaults plus both, so every parameter is used.
        activities: [...findPersona('DataScientist')!.defaultActivities, 'QueryAthenaWorkgroups', 'ManageGlueTables'] as ActivityId[],
        roleNameSuffix: 'team-a',
        passRoles: [r.compute],
        s3Buckets: [r.bucket],
        athenaWorkgroups: ['primary'],
        glueDatabases: ['team_a'],
      };
    },
    expected: {
      [Prop.Persona]: 'DataScientist',
      [Prop.Activities]: [...findPersona('DataScientist')!.defaultActivities, 'QueryAthenaWorkgroups', 'ManageGlueTables'],
      [Prop.RoleNameSuffix]: 'team-a',
      [Prop.PassRoles]: [COMPUTE_ROLE_ARN],
      [Prop.S3Buckets]: ['team-a-data'],
      [Prop.AthenaWorkgroups]: ['primary'],
      [Prop.GlueDatabases]: ['team_a'],
    },
  },
  {
    name: 'VPC, KMS (key ARNs, not ids) and ECR on a compute role',
    props: (stack) => {
      const r = imported(stack);
      return {
        persona: 'ComputeRole',
        s3Buckets: [r.bucket],
        ecrRepositories: [r.repository],
        subnets: [r.subnet],
        securityGroups: [r.securityGroup],
        dataKeys: [r.dataKey],
        volumeKeys: [r.volumeKey],
      };
    },
    expected: {
      [Prop.Persona]: 'ComputeRole',
      [Prop.EcrRepositories]: ['team-a/training'],
      [Prop.VpcSubnetIds]: [SUBNET_ID],
      [Prop.VpcSecurityGroupIds]: [SECURITY_GROUP_ID],
      [Prop.DataKmsKeyArns]: [DATA_KEY_ARN],
      [Prop.VolumeKmsKeyArns]: [VOLUME_KEY_ARN],
    },
  },
  {
    name: 'explicit activities, session, path, ABAC, managed policies, boundary and sorted tags',
    props: (stack) => {
      const extra = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Extra', 'arn:aws:iam::111122223333:policy/extra');
      SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies: [extra] });
      return {
      persona: 'Custom',
      // UseMLflow is refused with UserIsolation (a tracking server has no per-user authorization).
      activities: ['ManageExperiments', 'S3BucketAccess'],
      s3Buckets: [imported(stack).bucket],
      path: '/ml/',
      description: 'Experiments only',
      maxSessionDuration: Duration.hours(2),
      userIsolation: { domainId: 'd-abcdef123456', s3Prefix: 'team-a/users', secretsPrefix: 'team-a', userProfileName: 'alice' },
      managedPolicies: [extra],
      permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', 'arn:aws:iam::111122223333:policy/ml-boundary'),
      tags: { team: 'a', cost: 'ml' },
      };
    },
    expected: {
      [Prop.Activities]: ['ManageExperiments', 'S3BucketAccess'],
      [Prop.Path]: '/ml/',
      [Prop.Description]: 'Experiments only',
      [Prop.MaxSessionDuration]: 7200,
      [Prop.UserIsolation]: { DomainId: 'd-abcdef123456', S3Prefix: 'team-a/users', SecretsPrefix: 'team-a', UserProfileName: 'alice' },
      [Prop.ManagedPolicyArns]: ['arn:aws:iam::111122223333:policy/extra'],
      [Prop.PermissionsBoundary]: 'arn:aws:iam::111122223333:policy/ml-boundary',
      [Prop.Tags]: [
        { Key: 'cost', Value: 'ml' },
        { Key: 'team', Value: 'a' },
      ],
    },
  },
];

PROPERTIES_CASES.push({
  name: 'MLflow tracking servers',
  props: () => ({ persona: 'Custom', activities: ['UseMLflow'], mlflowTrackingServers: ['team-a-tracking'] }),
  expected: { [Prop.Activities]: ['UseMLflow'], [Prop.MlflowTrackingServers]: ['team-a-tracking'] },
});

describe('SageMakerPersonaRole properties', () => {
  it.each(PROPERTIES_CASES)('$name', ({ props, expected }) => {
    // GIVEN a stack with one persona role
    const stack = newStack();
    new SageMakerPersonaRole(stack, 'Role', props(stack));
    // WHEN it is synthesized
    const properties = onlyProperties(stack, RESOURCE_TYPE);
    // THEN the resource carries exactly the template property names and values
    expect(properties).toEqual(expect.objectContaining(expected));
    expect(properties[Prop.ServiceToken]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PersonaRoleProviderFunction/), 'Arn'] });
  });

  it('leaves out unset options and empty lists so the engine applies its defaults', () => {
    // GIVEN a role with only a persona and an empty list
    const stack = newStack();
    new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'], s3Buckets: [] });
    // THEN only the given properties are sent
    expect(Object.keys(onlyProperties(stack, RESOURCE_TYPE)).sort()).toEqual([Prop.Activities, Prop.CatalogVersion, Prop.Persona, Prop.ServiceToken]);
  });

  it('passes a KMS key created in the stack by its ARN (GetAtt Arn), never by key id (Ref)', () => {
    // GIVEN a key defined in the same stack
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const keyLogicalId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    // WHEN a compute role is customized with it
    new SageMakerPersonaRole(stack, 'Role', { persona: 'ComputeRole', s3Buckets: [imported(stack).bucket], dataKeys: [key] });
    // THEN the property is the key's ARN attribute
    expect(onlyProperties(stack, RESOURCE_TYPE)[Prop.DataKmsKeyArns]).toEqual([{ 'Fn::GetAtt': [keyLogicalId, 'Arn'] }]);
  });

  it('accepts tokens and leaves their validation to the provider', () => {
    // GIVEN a bucket and a compute role created in the same stack (their names are tokens)
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const compute = new iam.Role(stack, 'Compute', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    // WHEN a role uses them
    new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageMLJobs', 'S3BucketAccess'], passRoles: [compute], s3Buckets: [bucket] });
    // THEN the tokens reach the template unchanged
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
      [Prop.PassRoles]: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Compute'), 'Arn'] }],
      [Prop.S3Buckets]: [{ Ref: Match.stringLikeRegexp('^Data') }],
    });
  });

  it('takes the domain id of a domain in the same stack (a token) for UserIsolation', () => {
    // GIVEN a Studio domain defined in the stack
    const stack = newStack();
    const domain = new sagemaker.CfnDomain(stack, 'Domain', {
      authMode: 'IAM',
      domainName: 'shared',
      defaultUserSettings: { executionRole: 'arn:aws:iam::111122223333:role/studio-default' },
      subnetIds: [SUBNET_ID],
      vpcId: 'vpc-0a1b2c3d4e5f60718',
    });
    // WHEN alice's compute role names it
    new SageMakerPersonaRole(stack, 'Role', {
      persona: 'ComputeRole',
      s3Buckets: [imported(stack).bucket],
      userIsolation: { domainId: domain.attrDomainId, s3Prefix: 'studio/users', userProfileName: 'alice' },
    });
    // THEN the property is the domain's attribute, under the template key names
    expect(onlyProperties(stack, RESOURCE_TYPE)[Prop.UserIsolation]).toEqual({
      [UserIsolationProp.DomainId]: { 'Fn::GetAtt': [stack.getLogicalId(domain), 'DomainId'] },
      [UserIsolationProp.S3Prefix]: 'studio/users',
      [UserIsolationProp.UserProfileName]: 'alice',
    });
  });

  it('exposes the role through the provider attributes, as an immutable IRole', () => {
    // GIVEN a persona role
    const stack = newStack();
    const role = new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'] });
    const logicalId = stack.getLogicalId(role.resource.node.defaultChild as never);
    // THEN its ARN and name are the provider's Fn::GetAtt attributes
    expect(stack.resolve(role.roleArn)).toEqual({ 'Fn::GetAtt': [logicalId, Attr.Arn] });
    expect(stack.resolve(role.roleName)).toEqual({ 'Fn::GetAtt': [logicalId, Attr.RoleName] });
    expect(stack.resolve(role.role.roleArn)).toEqual({ 'Fn::GetAtt': [logicalId, Attr.Arn] });
    // AND WHEN something grants to the role, no second, unmanaged policy is written
    role.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('uses a given ServiceToken (e.g. the cfn provider stack export) without creating a provider', () => {
    // GIVEN a role pointing at an imported provider
    const stack = newStack();
    new SageMakerPersonaRole(stack, 'Role', {
      persona: 'Custom',
      activities: ['ManageExperiments'],
      serviceToken: Fn.importValue('SageMakerPersonaRoleProvider-ServiceToken'),
    });
    // THEN the stack has no provider function and the token is the import
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
    expect(onlyProperties(stack, RESOURCE_TYPE)[Prop.ServiceToken]).toEqual({ 'Fn::ImportValue': 'SageMakerPersonaRoleProvider-ServiceToken' });
  });
});

interface InvalidCase {
  name: string;
  props: (stack: Stack) => SageMakerPersonaRoleProps;
  /** Fragments the error must contain: the property, the bad value, what is allowed. */
  message: RegExp[];
}

const INVALID_CASES: InvalidCase[] = [
  {
    name: 'a wildcard in a workgroup name',
    props: () => ({ persona: 'Custom', activities: ['QueryAthenaWorkgroups'], athenaWorkgroups: ['team-*'] }),
    message: [/AthenaWorkgroups\[0\]/, /"team-\*"/, /wildcard/],
  },
  {
    name: 'a policy variable in the ABAC prefix',
    props: (stack) => ({
      persona: 'Custom',
      activities: ['S3BucketAccess'],
      s3Buckets: [imported(stack).bucket],
      userIsolation: { domainId: 'd-abcdef123456', s3Prefix: '${aws:username}' },
    }),
    message: [/UserIsolation\.S3Prefix/, /\$\{aws:username\}/, /policy variables/],
  },
  {
    name: 'a domain id that is not one',
    props: () => ({ persona: 'Custom', activities: ['ManageExperiments'], userIsolation: { domainId: 'Team-A' } }),
    message: [/UserIsolation\.DomainId/, /"Team-A"/, /SageMaker domain id: "d-"/],
  },
  {
    name: 'a user profile name that is not one',
    props: () => ({ persona: 'Custom', activities: ['ManageExperiments'], userIsolation: { domainId: 'd-abcdef123456', userProfileName: '-alice' } }),
    message: [/UserIsolation\.UserProfileName/, /"-alice"/, /user profile name/],
  },
  {
    name: 'a missing required parameter',
    props: () => ({ persona: 'Custom', activities: ['ManageMLJobs'] }),
    message: [/PassRoles/, /ManageMLJobs/, /non-empty list/],
  },
  {
    name: 'a KMS alias instead of a key',
    props: (stack) => ({
      persona: 'ComputeRole',
      s3Buckets: [imported(stack).bucket],
      dataKeys: [kms.Key.fromKeyArn(stack, 'Alias', 'arn:aws:kms:eu-west-1:111122223333:alias/team-a')],
    }),
    message: [/DataKmsKeyArns\[0\]/, /alias\/team-a/, /key ARN/],
  },
];

function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected an error, none was thrown');
}

describe('SageMakerPersonaRole synth-time validation', () => {
  it.each(INVALID_CASES)('refuses $name, naming the construct, property, value and what is allowed', ({ props, message }) => {
    // GIVEN a stack
    const stack = newStack();
    // WHEN a role is defined with a bad concrete value
    const error = thrownBy(() => new SageMakerPersonaRole(stack, 'Role', props(stack)));
    // THEN construction fails with the engine's explanation, located at the construct
    expect(error.message).toMatch(/^TestStack\/Role: /);
    for (const fragment of message) expect(error.message).toMatch(fragment);
  });

  it('still checks the concrete values next to tokens', () => {
    // GIVEN a token bucket and a concrete, invalid workgroup
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Data');
    // WHEN / THEN the concrete value is refused although another property holds a token
    expect(
      () =>
        new SageMakerPersonaRole(stack, 'Role', {
          persona: 'Custom',
          activities: ['S3BucketAccess', 'QueryAthenaWorkgroups'],
          s3Buckets: [bucket],
          athenaWorkgroups: ['bad workgroup'],
        }),
    ).toThrow(/AthenaWorkgroups\[0\]: "bad workgroup"/);
  });

  it('refuses a managed policy the provider may not attach', () => {
    // GIVEN a provider allowing one extra policy
    const stack = newStack();
    const allowed = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Allowed', 'arn:aws:iam::111122223333:policy/allowed');
    SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies: [allowed] });
    const other = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Other', 'arn:aws:iam::aws:policy/AdministratorAccess');
    // WHEN a role asks for another one THEN synth fails with the allow-list and the fix, not a deploy-time AccessDenied
    expect(
      () => new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'], managedPolicies: [allowed, other] }),
    ).toThrow(
      /TestStack\/Role: ManagedPolicyArns\[1\]: "arn:aws:iam::aws:policy\/AdministratorAccess" is invalid: the provider may only attach its allowedManagedPolicies \(arn:aws:iam::111122223333:policy\/allowed\)/,
    );
  });

  it('refuses a permissions boundary other than the one the provider enforces', () => {
    // GIVEN a provider enforcing a boundary
    const stack = newStack();
    SageMakerPersonaRoleProvider.of(stack, {
      permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Enforced', 'arn:aws:iam::111122223333:policy/ml-boundary'),
    });
    // WHEN a role names another boundary THEN synth fails naming both
    expect(
      () =>
        new SageMakerPersonaRole(stack, 'Role', {
          persona: 'Custom',
          activities: ['ManageExperiments'],
          permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Other', 'arn:aws:iam::111122223333:policy/other'),
        }),
    ).toThrow(/PermissionsBoundary: "arn:aws:iam::111122223333:policy\/other" is invalid: the provider enforces arn:aws:iam::111122223333:policy\/ml-boundary/);
  });

  it('refuses both a provider and a serviceToken', () => {
    // GIVEN a stack with its provider
    const stack = newStack();
    const provider = SageMakerPersonaRoleProvider.of(stack);
    // WHEN / THEN a role naming both is refused: which one is meant would be a guess
    expect(
      () =>
        new SageMakerPersonaRole(stack, 'Role', {
          persona: 'Custom',
          activities: ['ManageExperiments'],
          serviceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:provider',
          provider,
        }),
    ).toThrow(/give either provider or serviceToken, not both/);
  });
});
