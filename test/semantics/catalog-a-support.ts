// Shared fixtures of the SageMaker activities' simulator tests: a plan of one
// activity through the full engine, ARNs in the test account, and the two
// Studio users of the ABAC cases.

import { planRole } from '../../src/policy-engine';
import type { PlanContext, PolicyDocument, RolePlan } from '../../src/policy-engine';
import {
  allPoliciesOf,
  simulate,
  resolveDroppedContext,
  TEST_ACCOUNT,
  TEST_PARTITION,
  TEST_REGION,
  type Decision,
  type SimulationRequest,
} from '../support/simulate';

export const PLAN_CONTEXT: PlanContext = {
  partition: TEST_PARTITION,
  region: TEST_REGION,
  account: TEST_ACCOUNT,
  stackName: 'ml-roles',
  stackId: `arn:${TEST_PARTITION}:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/ml-roles/0f1e2d3c-aaaa-bbbb-cccc-000000000000`,
  logicalId: 'PersonaRole',
};

export const sm = (resource: string): string => `arn:${TEST_PARTITION}:sagemaker:${TEST_REGION}:${TEST_ACCOUNT}:${resource}`;
export const regional = (service: string, resource: string): string =>
  `arn:${TEST_PARTITION}:${service}:${TEST_REGION}:${TEST_ACCOUNT}:${resource}`;

export const COMPUTE_ROLE = `arn:${TEST_PARTITION}:iam::${TEST_ACCOUNT}:role/SageMaker-compute`;
export const OTHER_ROLE = `arn:${TEST_PARTITION}:iam::${TEST_ACCOUNT}:role/admin`;
export const SUBNETS = ['subnet-0aaa1111', 'subnet-0bbb2222'];
export const SECURITY_GROUPS = ['sg-0ccc3333'];
export const DATA_KEY = regional('kms', 'key/11111111-2222-3333-4444-555555555555');
export const VOLUME_KEY = regional('kms', 'key/66666666-7777-8888-9999-000000000000');
export const OTHER_KEY = regional('kms', 'key/99999999-0000-1111-2222-333333333333');

/**
 * The default key policy of a KMS key: it delegates to the account's IAM
 * policies, so the role's identity policy decides (the simulator, like KMS,
 * needs the key policy for any KMS decision).
 */
export const KEY_POLICY_DELEGATING_TO_IAM = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:${TEST_PARTITION}:iam::${TEST_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
} as const;

/** Properties that turn on the VPC customization (the engine refuses them for activities without VPC support). */
export const VPC_PROPS = { VpcSubnetIds: SUBNETS, VpcSecurityGroupIds: SECURITY_GROUPS };
/** Properties that turn on the KMS customization. */
export const KMS_PROPS = { DataKmsKeyArns: [DATA_KEY], VolumeKmsKeyArns: [VOLUME_KEY] };
export const VPC_KMS_PROPS = { ...VPC_PROPS, ...KMS_PROPS };

/** Request context of a job created inside the role's VPC with its keys. */
export const IN_VPC_WITH_KEYS = {
  'sagemaker:VpcSubnets': [SUBNETS[0]],
  'sagemaker:VpcSecurityGroupIds': SECURITY_GROUPS,
  'sagemaker:VolumeKmsKeyArn': VOLUME_KEY,
  'sagemaker:OutputKmsKeyArn': DATA_KEY,
};

/** Plan of a Custom-persona role with exactly these activities (CloudFormation-style string scalars). */
export function planOf(activities: string[], props: Record<string, unknown> = {}): RolePlan {
  return planRole({ Persona: 'Custom', Activities: activities, ...props }, PLAN_CONTEXT);
}

export async function decide(plan: RolePlan, request: SimulationRequest): Promise<Decision> {
  return simulate(allPoliciesOf(plan), request);
}

// ABAC: two Studio users of one domain sharing the role.
export const DOMAIN_ID = 'd-abcdefgh1234';
export const profileArn = (user: string): string => sm(`user-profile/${DOMAIN_ID}/${user}`);
/**
 * UserIsolation without settings: ABAC on the SageMaker resources these tests are
 * about. (An S3Prefix would be refused here: it needs an activity with S3 data
 * access, such as S3BucketAccess, to isolate.)
 */
export const ABAC_PROPS = { UserIsolation: { DomainId: DOMAIN_ID } };
/** Another domain of the account, with a user profile of the same name as one of DOMAIN_ID's. */
export const OTHER_DOMAIN_ID = 'd-zyxwvu987654';

/**
 * The role's policies as user `user` of `domain` sees them in Studio.
 *
 * The simulator drops `sagemaker:DomainId` and `sagemaker:UserProfileName` from
 * the request context (its action data does not list them for these actions),
 * so the policy variables and conditions over them would never resolve. We put
 * the values SageMaker sets for this user's requests into the policy instead:
 * the decision IAM makes at request time.
 */
export function policiesAsStudioUser(plan: RolePlan, user: string, domain = DOMAIN_ID): PolicyDocument[] {
  return allPoliciesOf(plan).map((doc) =>
    resolveDroppedContext(doc, { 'sagemaker:DomainId': domain, 'sagemaker:UserProfileName': user }),
  );
}

/** Decision for `user` acting on a resource Studio tagged as created by `owner`. */
export async function decideAsUser(
  plan: RolePlan,
  user: string,
  request: SimulationRequest & { owner?: string },
): Promise<Decision> {
  const { owner, ...rest } = request;
  const context = owner
    ? { ...rest.context, 'sagemaker:ResourceTag/sagemaker:user-profile-arn': profileArn(owner) }
    : rest.context;
  return simulate(policiesAsStudioUser(plan, user), { ...rest, ...(context ? { context } : {}) });
}
