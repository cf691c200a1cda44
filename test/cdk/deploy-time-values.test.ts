// Issue 8, finding 6: grantPermissionsTo writes values into an identity's
// policy at synth time, and no provider checks them at deploy time. A value
// only CloudFormation will know (a parameter, an import, a condition) could be
// "*": it is refused. Synth-time checks use the stack's own account and
// partition, and the provider's managed-policy allow-list also covers AWS
// managed policies by name and in-stack ManagedPolicy objects.

import { App, Aws, CfnCondition, CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { Activity } from '../../cdk/lib/activity';
import { SageMakerPersonaRole } from '../../cdk/lib/persona-role';
import { SageMakerPersonaRoleProvider } from '../../cdk/lib/provider';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { ACCOUNT, COMPUTE_ROLE_ARN, newStack, REGION } from './support/stacks';

function lambdaRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

describe('grantPermissionsTo refuses values only CloudFormation will know', () => {
  /** A bucket name built in the stack by each way a deploy-time value can arrive. */
  const deployTime: [string, (stack: Stack) => string, RegExp][] = [
    ['a CfnParameter', (stack) => new CfnParameter(stack, 'BucketName').valueAsString, /S3Buckets\[0\]: \{"Ref":"BucketName"\}, a CloudFormation parameter/],
    ['an import', () => Fn.importValue('shared-bucket'), /S3Buckets\[0\]: \{"Fn::ImportValue":"shared-bucket"\}, an import/],
    [
      'a condition',
      (stack) => Fn.conditionIf(new CfnCondition(stack, 'Prod', { expression: Fn.conditionEquals(Aws.REGION, 'eu-west-1') }).logicalId, 'a', 'b').toString(),
      /S3Buckets\[0\]: \{"Fn::If":.*known only at deploy time/,
    ],
    [
      'a bucket imported by a parameter ARN',
      (stack) => s3.Bucket.fromBucketArn(stack, 'Imported', new CfnParameter(stack, 'BucketArn').valueAsString).bucketName,
      /\{"Ref":"BucketArn"\}, a CloudFormation parameter/,
    ],
    [
      "an SSM parameter's value (an attribute that is not an identifier)",
      (stack) => new ssm.CfnParameter(stack, 'Name', { type: 'String', value: 'x' }).attrValue,
      /\{"Fn::GetAtt":\["Name","Value"\]\}, an attribute that is not an identifier/,
    ],
    [
      "another custom resource's attribute",
      (stack) => new CfnResource(stack, 'Lookup', { type: 'Custom::Lookup', properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:f' } }).getAtt('BucketName').toString(),
      /an attribute of Custom::Lookup/,
    ],
    ['a literal wildcard next to a token', () => `${Aws.ACCOUNT_ID}-*`, /the text "-\*", which holds a wildcard/],
  ];

  it.each(deployTime)('refuses %s, naming the value and why', (_name, value, message) => {
    // GIVEN bucket access for a bucket whose name is a deploy-time value
    const stack = newStack();
    const target = lambdaRole(stack);
    const access = Activity.accessS3Buckets(stack, 'Access', { s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', value(stack))] });
    // WHEN granted THEN synth refuses it, saying where, what and how to fix it
    expect(() => access.grantPermissionsTo(target)).toThrow(message);
    expect(() => access.grantPermissionsTo(target)).toThrow(/TestStack\/Access: .*could widen the grant .*use createRole/);
    // AND nothing was written to the identity (its policy is created on the first statement)
    expect(target.node.tryFindChild('DefaultPolicy')).toBeUndefined();
  });

  it('refuses PassRole on a role ARN whose literal part is a wildcard', () => {
    // GIVEN a role "ARN" built from the account token and a literal `*`
    const stack = new Stack(new App(), 'Agnostic');
    const anyRole = iam.Role.fromRoleArn(stack, 'Any', `arn:aws:iam::${Aws.ACCOUNT_ID}:role/*`);
    const jobs = Activity.manageJobs(stack, 'Jobs', { rolesToPass: [anyRole] });
    // WHEN granted THEN refused: it would be iam:PassRole on every role of the account
    expect(() => jobs.grantPermissionsTo(lambdaRole(stack))).toThrow(/PassRoles\[0\]: the text ":role\/\*", which holds a wildcard/);
  });

  it('accepts identifiers of resources in the app: this stack, another stack, a persona role, pseudo parameters', () => {
    // GIVEN a bucket of this stack, a role of another stack, a role made by the provider and one named in an agnostic stack
    const app = new App();
    const shared = new Stack(app, 'Shared');
    const compute = new iam.Role(shared, 'Compute', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const stack = new Stack(app, 'Agnostic');
    const bucket = new s3.Bucket(stack, 'Data');
    const persona = new SageMakerPersonaRole(stack, 'PersonaCompute', { persona: 'ComputeRole', s3Buckets: [bucket] });
    const named = iam.Role.fromRoleName(stack, 'Named', 'SageMaker-team-a-compute');
    const target = lambdaRole(stack);
    // WHEN granted THEN nothing is refused and the references stay references
    Activity.accessS3Buckets(stack, 'Access', { s3Buckets: [bucket] }).grantPermissionsTo(target);
    Activity.manageJobs(stack, 'Jobs', { rolesToPass: [compute, persona.role, named] }).grantPermissionsTo(target);
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policy).toContain('"Fn::ImportValue"');
    expect(policy).toMatch(/"Fn::GetAtt":\["PersonaCompute[0-9A-F]+","Arn"\]/);
  });

  // The invariant itself, over random ways of building the value: whenever the
  // grant is accepted, the policy CloudFormation would create is the same
  // whatever the parameters and imports hold, "*" included.
  it('never lets a deploy-time value change the policy it accepted (random values, parameters set to "*")', () => {
    const parts: ((stack: Stack, n: number) => string)[] = [
      () => 'team-a',
      () => '*',
      (stack, n) => new CfnParameter(stack, `P${n}`, { default: 'x' }).valueAsString,
      (_stack, n) => Fn.importValue(`export-${n}`),
      (stack, n) => new s3.Bucket(stack, `B${n}`).bucketName,
      () => Aws.ACCOUNT_ID,
      (stack, n) => new ssm.CfnParameter(stack, `S${n}`, { type: 'String', value: 'x' }).attrValue,
    ];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: parts.length - 1 }), { minLength: 1, maxLength: 3 }), (choice) => {
        // GIVEN a bucket name joined from the chosen parts
        const stack = newStack();
        const name = choice.map((c, i) => parts[c](stack, i)).join('-');
        const target = lambdaRole(stack);
        // WHEN granted
        let accepted = true;
        try {
          Activity.accessS3Buckets(stack, 'Access', { s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', name)] }).grantPermissionsTo(target);
        } catch {
          accepted = false;
        }
        // THEN an accepted grant resolves to the same policy with every deploy-time value set to "safe" or to "*"
        if (!accepted) return;
        const template = Template.fromStack(stack).toJSON() as { Parameters?: Record<string, unknown>; Resources: Record<string, unknown> };
        const policyWith = (value: string): unknown => {
          const parameters = Object.fromEntries(Object.keys(template.Parameters ?? {}).filter((p) => !p.startsWith('BootstrapVersion')).map((p) => [p, value]));
          const resolved = resolveTemplate(template, {
            pseudo: { partition: 'aws', region: REGION, account: ACCOUNT, stackName: 'TestStack' },
            parameters,
            importValue: () => value,
            resourceValue: (id, attr) => (attr === 'Value' ? value : `${id}.${attr ?? 'Ref'}`),
          });
          return Object.values(resolved.resources()).filter((r) => r.Type === 'AWS::IAM::Policy');
        };
        expect(policyWith('*')).toEqual(policyWith('safe'));
      }),
      { numRuns: 40 },
    );
  });
});

describe('synth-time checks use the stack account and partition', () => {
  const foreign = 'arn:aws:iam::444455556666:role/SageMaker-compute';

  it('refuses passing a role of another account, in grants and in persona roles', () => {
    // GIVEN a stack in account 111122223333 and a compute role of another account
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Foreign', foreign);
    // WHEN granted or made into a persona role THEN synth refuses it as the CLI and the provider do
    const message = /PassRoles\[0\]: "arn:aws:iam::444455556666:role\/SageMaker-compute" .*must be a role in account 111122223333/;
    expect(() => Activity.manageJobs(stack, 'Jobs', { rolesToPass: [role] }).grantPermissionsTo(lambdaRole(stack))).toThrow(message);
    expect(() => new SageMakerPersonaRole(stack, 'Role', { persona: 'MLOps', passRoles: [role], s3Buckets: [s3.Bucket.fromBucketName(stack, 'B', 'b-1')] })).toThrow(message);
  });

  it('refuses a role of another account also when the role name is a token', () => {
    // GIVEN an ARN whose account is literal and whose name is a parameter
    const stack = newStack();
    const name = new CfnParameter(stack, 'RoleName').valueAsString;
    const role = iam.Role.fromRoleArn(stack, 'Foreign', `arn:aws:iam::444455556666:role/${name}`);
    // WHEN it becomes a persona role's PassRoles THEN the literal account is checked at synth
    expect(() => new SageMakerPersonaRole(stack, 'Role', { persona: 'MLOps', passRoles: [role], s3Buckets: [s3.Bucket.fromBucketName(stack, 'B', 'b-1')] })).toThrow(
      /PassRoles\[0\]: .*must be a role in account 111122223333/,
    );
  });

  it('refuses an ARN of another partition (a China region stack)', () => {
    // GIVEN a stack in cn-north-1 and a compute role ARN of the aws partition
    const stack = new Stack(new App(), 'China', { env: { account: ACCOUNT, region: 'cn-north-1' } });
    const role = iam.Role.fromRoleArn(stack, 'Compute', COMPUTE_ROLE_ARN);
    // WHEN granted THEN refused naming the partition the role lives in
    expect(() => Activity.manageJobs(stack, 'Jobs', { rolesToPass: [role] }).grantPermissionsTo(lambdaRole(stack))).toThrow(/must be in partition aws-cn/);
  });

  it('still accepts a role of its own account', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Compute', COMPUTE_ROLE_ARN);
    const target = lambdaRole(stack);
    expect(() => Activity.manageJobs(stack, 'Jobs', { rolesToPass: [role] }).grantPermissionsTo(target)).not.toThrow();
    // (the identity's policy exists once a grant lands: what the refusal tests check is absent)
    expect(target.node.tryFindChild('DefaultPolicy')).toBeDefined();
  });
});

describe("the provider's managed-policy allow-list covers every way to name a policy", () => {
  const allowedArn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  function roleWith(stack: Stack, policy: iam.IManagedPolicy): () => SageMakerPersonaRole {
    return () => new SageMakerPersonaRole(stack, 'Role', { persona: 'Custom', activities: ['ManageExperiments'], managedPolicies: [policy] });
  }

  it('refuses ManagedPolicy.fromAwsManagedPolicyName outside the allow-list', () => {
    // GIVEN a provider allowing ReadOnlyAccess
    const stack = newStack();
    SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Allowed', allowedArn)] });
    // WHEN a role asks for AdministratorAccess by name THEN synth refuses it with the allow-list
    expect(roleWith(stack, iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'))).toThrow(
      /ManagedPolicyArns\[0\]: "arn:aws:iam::aws:policy\/AdministratorAccess" is invalid: the provider may only attach its allowedManagedPolicies \(arn:aws:iam::aws:policy\/ReadOnlyAccess\)/,
    );
  });

  it.each([
    ['an environment-bound stack', () => newStack()],
    ['an environment-agnostic stack', () => new Stack(new App(), 'Agnostic')],
  ])('accepts the allowed policy named by fromAwsManagedPolicyName in %s', (_name, make) => {
    const stack = make();
    SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Allowed', allowedArn)] });
    expect(roleWith(stack, iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'))).not.toThrow();
  });

  it('refuses an in-stack ManagedPolicy that is not on the list, accepts it when it is', () => {
    // GIVEN a policy created in the stack
    const stack = newStack();
    const own = new iam.ManagedPolicy(stack, 'Own', { statements: [new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] })] });
    const other = new iam.ManagedPolicy(stack, 'Other', { statements: [new iam.PolicyStatement({ actions: ['iam:*'], resources: ['*'] })] });
    SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies: [own] });
    // WHEN / THEN only the allowed object passes
    expect(roleWith(stack, other)).toThrow(/ManagedPolicyArns\[0\]: "\{\\"Ref\\":\\"Other[0-9A-F]+\\"\}" is invalid/);
    expect(() => new SageMakerPersonaRole(stack, 'Allowed', { persona: 'Custom', activities: ['ManageExperiments'], managedPolicies: [own] })).not.toThrow();
  });
});

describe('the wildcard acknowledgment tells the truth', () => {
  it('says deploy-time values are refused, not only that the engine checks input', () => {
    // GIVEN a grant WHEN cdk-nag findings are acknowledged THEN the reason states both checks
    const stack = newStack();
    const target = lambdaRole(stack);
    Activity.manageJobs(stack, 'Jobs', { rolesToPass: [iam.Role.fromRoleArn(stack, 'C', COMPUTE_ROLE_ARN)] }).grantPermissionsTo(target);
    const reasons = JSON.stringify(target.node.metadata);
    expect(reasons).toContain('known only at deploy time');
    expect(reasons).not.toContain('User input can never add a wildcard (the engine refuses it)');
  });
});
