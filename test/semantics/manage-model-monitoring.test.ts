// ManageModelMonitoring through the full engine and the IAM policy simulator.

import {
  ABAC_PROPS,
  COMPUTE_ROLE,
  decide,
  decideAsUser,
  IN_VPC_WITH_KEYS,
  OTHER_KEY,
  planOf,
  sm,
  VPC_KMS_PROPS,
} from './catalog-a-support';

const ACTIVITY = 'ManageModelMonitoring';
const BASE = { PassRoles: [COMPUTE_ROLE] };
const SCHEDULE = sm('monitoring-schedule/churn-drift');

describe('ManageModelMonitoring with VPC and KMS customization', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...VPC_KMS_PROPS });

  it.each([
    ['CreateMonitoringSchedule in the VPC with both keys', 'sagemaker:CreateMonitoringSchedule', SCHEDULE, IN_VPC_WITH_KEYS],
    ['CreateDataQualityJobDefinition in the VPC with both keys', 'sagemaker:CreateDataQualityJobDefinition', sm('data-quality-job-definition/churn'), IN_VPC_WITH_KEYS],
    ['StartMonitoringSchedule', 'sagemaker:StartMonitoringSchedule', SCHEDULE, {}],
    ['ListMonitoringExecutions', 'sagemaker:ListMonitoringExecutions', '*', {}],
    ['passing the monitoring role', 'iam:PassRole', COMPUTE_ROLE, { 'iam:PassedToService': 'sagemaker.amazonaws.com' }],
  ])('allows %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM allows it
    expect(await decide(plan, { action, resource, context })).toBe('Allowed');
  });

  it.each([
    ['CreateMonitoringSchedule outside the VPC', 'sagemaker:CreateMonitoringSchedule', SCHEDULE, {
      'sagemaker:VolumeKmsKeyArn': IN_VPC_WITH_KEYS['sagemaker:VolumeKmsKeyArn'],
      'sagemaker:OutputKmsKeyArn': IN_VPC_WITH_KEYS['sagemaker:OutputKmsKeyArn'],
    }],
    ['CreateModelQualityJobDefinition with another output key', 'sagemaker:CreateModelQualityJobDefinition', sm('model-quality-job-definition/churn'), {
      ...IN_VPC_WITH_KEYS,
      'sagemaker:OutputKmsKeyArn': OTHER_KEY,
    }],
    ['UpdateMonitoringSchedule into another subnet', 'sagemaker:UpdateMonitoringSchedule', SCHEDULE, {
      ...IN_VPC_WITH_KEYS,
      'sagemaker:VpcSubnets': ['subnet-0fff9999'],
    }],
  ])('denies %s', async (_name, action, resource, context) => {
    // GIVEN the role's plan  WHEN the persona makes the request  THEN IAM denies it
    expect(await decide(plan, { action, resource, context })).toBe('ImplicitlyDenied');
  });
});

describe('ManageModelMonitoring with user isolation (ABAC)', () => {
  const plan = planOf([ACTIVITY], { ...BASE, ...ABAC_PROPS });

  it("allows alice to stop her schedule and denies stopping bob's", async () => {
    // GIVEN schedules tagged with alice's and bob's profiles  WHEN alice stops each
    const own = await decideAsUser(plan, 'alice', { action: 'sagemaker:StopMonitoringSchedule', resource: SCHEDULE, owner: 'alice' });
    const bobs = await decideAsUser(plan, 'alice', { action: 'sagemaker:StopMonitoringSchedule', resource: sm('monitoring-schedule/b'), owner: 'bob' });
    // THEN only her own is allowed
    expect([own, bobs]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });
});
