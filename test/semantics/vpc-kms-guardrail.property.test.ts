// Issue 9, defect 1 as a property: a role customized with VPC and KMS settings
// denies every job creation that is not inside the VPC with the role's keys,
// whichever activities are combined (Canvas included). Only resources named
// by Canvas itself (`canvas` in the name) are Canvas's; every other name must
// go through the VPC/KMS-conditioned grants. Full engine, IAM policy simulator.

import fc from 'fast-check';
import { ACTIVITIES, type ParameterName } from '../../src/policy-engine/catalog';
import {
  COMPUTE_ROLE,
  DATA_KEY,
  decide,
  IN_VPC_WITH_KEYS,
  OTHER_KEY,
  planOf,
  SECURITY_GROUPS,
  sm,
  SUBNETS,
  VPC_KMS_PROPS,
} from './catalog-a-support';

const RUNS = { numRuns: 40, seed: 20261201 };

const PARAMS: Record<ParameterName, string[]> = {
  PassRoles: [COMPUTE_ROLE],
  S3Buckets: ['team-a-data'],
  EcrRepositories: ['team-a/training'],
  AthenaWorkgroups: ['team-a'],
  GlueDatabases: ['team_a'],
  KendraIndexes: ['0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'],
  MlflowTrackingServers: ['team-a-tracking'],
};

type Violation = 'subnet' | 'no-vpc' | 'security-group' | 'volume-key' | 'no-volume-key' | 'output-key' | 'no-output-key';

/** Every job-creating action and the settings it carries (service authorization reference). */
const CREATES: readonly { action: string; type: string; violations: readonly Violation[] }[] = [
  ...['CreateTrainingJob:training-job', 'CreateProcessingJob:processing-job', 'CreateAutoMLJob:automl-job', 'CreateAutoMLJobV2:automl-job', 'CreateHyperParameterTuningJob:hyper-parameter-tuning-job', 'CreateMonitoringSchedule:monitoring-schedule', 'CreateDataQualityJobDefinition:data-quality-job-definition', 'CreateModelBiasJobDefinition:model-bias-job-definition'].map((s) => {
    const [action, type] = s.split(':');
    return { action: `sagemaker:${action}`, type, violations: ['subnet', 'no-vpc', 'security-group', 'volume-key', 'no-volume-key', 'output-key', 'no-output-key'] as const };
  }),
  { action: 'sagemaker:CreateTransformJob', type: 'transform-job', violations: ['volume-key', 'no-volume-key', 'output-key', 'no-output-key'] },
  { action: 'sagemaker:CreateModel', type: 'model', violations: ['subnet', 'no-vpc', 'security-group'] },
  { action: 'sagemaker:CreateEndpointConfig', type: 'endpoint-config', violations: ['volume-key', 'no-volume-key'] },
];

function violate(violation: Violation): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { ...IN_VPC_WITH_KEYS };
  switch (violation) {
    case 'subnet':
      context['sagemaker:VpcSubnets'] = [SUBNETS[0], 'subnet-0fff9999'];
      break;
    case 'security-group':
      context['sagemaker:VpcSecurityGroupIds'] = ['sg-0fff9999'];
      break;
    case 'no-vpc':
      delete context['sagemaker:VpcSubnets'];
      delete context['sagemaker:VpcSecurityGroupIds'];
      break;
    case 'volume-key':
      context['sagemaker:VolumeKmsKeyArn'] = OTHER_KEY;
      break;
    case 'no-volume-key':
      delete context['sagemaker:VolumeKmsKeyArn'];
      break;
    case 'output-key':
      context['sagemaker:OutputKmsKeyArn'] = OTHER_KEY;
      break;
    case 'no-output-key':
      delete context['sagemaker:OutputKmsKeyArn'];
      break;
  }
  return context;
}

/** Keys an action does not carry are dropped by the simulator, as IAM never sees them. */
const SAGEMAKER_KEYS = Object.keys(IN_VPC_WITH_KEYS);

function propsFor(activities: readonly string[]): Record<string, unknown> {
  const used = new Set(
    ACTIVITIES.filter((a) => activities.includes(a.id)).flatMap((a) => [...a.requiredParameters, ...(a.optionalParameters ?? [])]),
  );
  return { ...Object.fromEntries([...used].map((p) => [p, PARAMS[p]])), ...VPC_KMS_PROPS };
}

// ManageMLJobs is always there: VPC and KMS settings need an activity they apply to.
const OTHERS = ACTIVITIES.map((a) => a.id).filter((id) => id !== 'ManageMLJobs');
const names = fc.stringMatching(/^[a-z][a-z0-9-]{2,24}$/).filter((n) => !n.includes('canvas'));

describe('VPC/KMS guardrail over every combination of activities', () => {
  it('denies every job creation outside the VPC or without the role keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(OTHERS),
        fc.constantFrom(...CREATES),
        names,
        fc.nat(),
        async (others, create, name, pick) => {
          // GIVEN a VPC/KMS-customized role with ManageMLJobs and any other activities
          const activities = ['ManageMLJobs', ...others];
          const plan = planOf(activities, propsFor(activities));
          const violation = create.violations[pick % create.violations.length];
          // WHEN a job that breaks the settings is created under a name Canvas does not use
          const decision = await decide(plan, {
            action: create.action,
            resource: sm(`${create.type}/${name}`),
            context: violate(violation),
            allowIgnoredContextKeys: SAGEMAKER_KEYS,
          });
          // THEN IAM denies it
          expect({ activities, action: create.action, violation, decision }).toEqual({
            activities,
            action: create.action,
            violation,
            decision: 'ImplicitlyDenied',
          });
        },
      ),
      RUNS,
    );
  });

  it('still allows the compliant job whatever else is combined (the property is not vacuous)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(OTHERS), names, async (others, name) => {
        // GIVEN the same kind of role
        const activities = ['ManageMLJobs', ...others];
        const plan = planOf(activities, propsFor(activities));
        // WHEN a training job is created inside the VPC with the role's keys
        const decision = await decide(plan, {
          action: 'sagemaker:CreateTrainingJob',
          resource: sm(`training-job/${name}`),
          context: { ...IN_VPC_WITH_KEYS, 'sagemaker:VpcSecurityGroupIds': SECURITY_GROUPS, 'sagemaker:OutputKmsKeyArn': DATA_KEY },
        });
        // THEN it is allowed
        expect(decision).toBe('Allowed');
      }),
      { ...RUNS, numRuns: 10 },
    );
  });
});
