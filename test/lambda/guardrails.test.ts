// The provider stack's guardrails, end to end through the handler: read from
// the environment, enforced before any IAM call, and IAM's own AccessDenied
// turned into a reason that names the guardrail (issue 8, findings 4 and 5).
import { IAMServiceException } from '@aws-sdk/client-iam';
import { ProviderEnv } from '../../src/policy-engine/names';
import { expectFailed, simulateEvent, type Props } from '../support/cfn-events';
import { createHarness, type Harness } from '../support/provider-harness';

const COMPUTE = 'arn:aws:iam::111122223333:role/SageMaker-compute-a';
const BASE: Props = { Persona: 'Custom', Activities: ['ManageMLJobs', 'S3BucketAccess'], RoleNameSuffix: 'team-a', PassRoles: [COMPUTE], S3Buckets: ['team-a-data'] };
const PROVIDER_ROLE = 'arn:aws:iam::111122223333:role/persona-role-provider-0f0e0d0c-1111-4222-8333-444455556666';
const GUARDED = {
  [ProviderEnv.AllowedPassRoleArns]: 'arn:aws:iam::111122223333:role/SageMaker-compute-*',
  [ProviderEnv.AllowedS3BucketPatterns]: 'team-a-*',
  [ProviderEnv.AllowedManagedPolicyArns]: '',
  [ProviderEnv.ProviderRoleArn]: PROVIDER_ROLE,
};

let h: Harness;
afterEach(() => h.restore());

it.each([
  ['a pass role outside AllowedPassRoleArns (the console\'s execution role)', { PassRoles: ['arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-20240101T000000'] }, /PassRoles\[0\].*AllowedPassRoleArns \(arn:aws:iam::111122223333:role\/SageMaker-compute-\*\)/],
  ['the provider\'s own role', { PassRoles: [PROVIDER_ROLE] }, /provider's own execution role/],
  ['another team\'s bucket', { S3Buckets: ['team-b-data'] }, /S3Buckets\[0\].*AllowedS3BucketPatterns \(team-a-\*\)/],
  ['a managed policy the allow-list lacks', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, /ManagedPolicyArns\[0\].*allows no managed policies/],
])('refuses %s before any IAM call', async (_name, change, reason) => {
  h = createHarness({ env: GUARDED });
  expectFailed([await h.send(simulateEvent('Create', { ...BASE, ...change }))], reason);
  expect(h.fake.calls).toEqual([]);
});

it('creates a role the guardrails allow', async () => {
  h = createHarness({ env: GUARDED });
  const res = await h.send(simulateEvent('Create', BASE));
  expect(res.body.Status).toBe('SUCCESS');
});

it('fails every event with a clear reason when a guardrail setting is malformed', async () => {
  h = createHarness({ env: { [ProviderEnv.AllowedPassRoleArns]: 'SageMaker-*' } });
  expectFailed([await h.send(simulateEvent('Create', BASE))], /ALLOWED_PASS_ROLE_ARNS: "SageMaker-\*" is invalid: expected role ARN patterns/);
});

it('turns IAM\'s AccessDenied into a reason naming the guardrail and how to change it', async () => {
  h = createHarness({ env: {} });
  h.fake.failNext(
    'AttachRolePolicy',
    () =>
      new IAMServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message:
          'User: arn:aws:sts::111122223333:assumed-role/persona-role-provider-x/persona-role-provider-x is not authorized to perform: iam:AttachRolePolicy on resource: role SageMaker-team-a because no identity-based policy allows the iam:AttachRolePolicy action',
      }),
  );
  const res = await h.send(simulateEvent('Create', { ...BASE, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess'] }));
  expectFailed([res], /IAM denied iam:AttachRolePolicy on role .*AllowedManagedPolicyArns.*update the provider stack/);
});
