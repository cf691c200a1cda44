import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import type { Construct } from 'constructs';
import { Activity, PermissionSet, Persona, type ActivityId, type PersonaRoleOptions } from '../../cdk/lib';
import {
  ACTIVITY_IDS,
  arnBuilder,
  ConditionKey,
  findActivity,
  parseProperties,
  planRole,
  renderStatements,
  type ParameterName,
  type Statement,
} from '../../src/policy-engine';
import { Prop, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { ensureLambdaBundle } from './support/bundle';
import { ACCOUNT, COMPUTE_ROLE_ARN, DATA_KEY_ARN, REGION, SUBNET_ID, imported, newStack, onlyProperties } from './support/stacks';

beforeAll(() => ensureLambdaBundle());

/** The seed API's function for each catalog activity; `satisfies` makes a missing activity a compile error. */
const STATIC_FUNCTIONS = {
  AccessRequiredAwsServices: 'accessAwsServices',
  RunStudioApps: 'runStudioApps',
  ManageMLJobs: 'manageJobs',
  ManageModels: 'manageModels',
  ManageEndpoints: 'manageEndpoints',
  ManagePipelines: 'managePipelines',
  ManageExperiments: 'manageExperiments',
  SearchVisualizeExperiments: 'visualizeExperiments',
  ManageModelMonitoring: 'monitorModels',
  S3FullAccess: 'accessS3AllResources',
  S3BucketAccess: 'accessS3Buckets',
  QueryAthenaWorkgroups: 'queryAthenaGroups',
  ManageGlueTables: 'manageGlueTables',
  CanvasCoreAccess: 'canvasCoreAccess',
  CanvasDataPreparation: 'canvasDataPreparation',
  CanvasAIServices: 'canvasAIServices',
  CanvasMLOps: 'canvasMLOps',
  CanvasKendraAccess: 'canvasKendraAccess',
  UseMLflow: 'useMLflow',
  ManageMLflowTrackingServers: 'manageMLflowTrackingServers',
  AccessRequiredAwsServicesForMLflow: 'accessRequiredAwsServicesForMLflow',
  ManageMLflowApps: 'manageMLflowApps',
  AccessRequiredAwsServicesForMLflowApps: 'accessRequiredAwsServicesForMLflowApps',
  RunStudioEmrServerlessApps: 'runStudioEmrServerlessApps',
} as const satisfies Record<ActivityId, keyof typeof Activity>;

type AnyFactory = (scope: Construct, id: string, options?: Record<string, unknown>) => Activity;

/** One valid value for each parameter, as the seed API takes it. */
function sampleOptions(stack: Stack, activityId: ActivityId): Record<string, unknown> {
  const r = imported(stack);
  const samples: Record<ParameterName, [string, unknown[]]> = {
    PassRoles: ['rolesToPass', [r.compute]],
    S3Buckets: ['s3Buckets', [r.bucket]],
    EcrRepositories: ['ecrRepositories', [r.repository]],
    AthenaWorkgroups: ['athenaWorkgroupNames', ['primary']],
    GlueDatabases: ['glueDatabaseNames', ['team_a']],
    KendraIndexes: ['kendraIndexIds', ['0123abcd-4567-89ef-0123-456789abcdef']],
    MlflowTrackingServers: ['mlflowTrackingServerNames', ['team-a-tracking']],
  };
  const definition = findActivity(activityId);
  return Object.fromEntries((definition?.requiredParameters ?? []).map((p) => samples[p]));
}

function factory(activityId: ActivityId): AnyFactory {
  return Activity[STATIC_FUNCTIONS[activityId]] as unknown as AnyFactory;
}

function actionsOf(statements: readonly { Action: string | string[] }[]): string[] {
  return [...new Set(statements.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : s.Action)))].sort();
}

/** Statements of the stack's inline policies and of the managed policies CDK moves overflow into (large activities). */
function policyStatementsOf(stack: Stack): Statement[] {
  const template = Template.fromStack(stack);
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  return Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

describe('Activity static functions', () => {
  it('cover every activity of the catalog', () => {
    // GIVEN the catalog WHEN compared with the seed API's table THEN every id has a function
    expect(Object.keys(STATIC_FUNCTIONS).sort()).toEqual([...ACTIVITY_IDS].sort());
  });

  it.each(ACTIVITY_IDS as ActivityId[])('%s: createRole makes a Custom persona role of exactly that activity', (activityId) => {
    // GIVEN the activity created with its static function and its required parameters
    const stack = newStack();
    const activity = factory(activityId)(stack, 'Activity', sampleOptions(stack, activityId));
    // WHEN a role is created from it
    activity.createRole(stack, 'Role', 'team-a', 'One activity');
    // THEN the resource asks for that activity alone, under the given name and description
    expect(activity.activityId).toBe(activityId);
    expect(onlyProperties(stack, RESOURCE_TYPE)).toEqual(
      expect.objectContaining({
        [Prop.Persona]: 'Custom',
        [Prop.Activities]: [activityId],
        [Prop.RoleNameSuffix]: 'team-a',
        [Prop.Description]: 'One activity',
      }),
    );
  });

  it.each(ACTIVITY_IDS as ActivityId[])('%s: grantPermissionsTo adds every action the engine renders', (activityId) => {
    // GIVEN the activity and an existing role in a stack with a concrete environment
    const stack = newStack();
    const activity = factory(activityId)(stack, 'Activity', sampleOptions(stack, activityId));
    const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN its permissions are granted to the role
    activity.grantPermissionsTo(target);
    // THEN the role's policy has the same actions as the engine's statements for that activity
    const expected = renderStatements(
      parseProperties({ Persona: 'Custom', Activities: [activityId], ...rawSamples(activityId) }),
      arnBuilder('aws', REGION, ACCOUNT),
    );
    expect(actionsOf(policyStatementsOf(stack))).toEqual(actionsOf(expected));
  });

  it.each([
    ['runStudioAppsV2', 'RunStudioApps'],
    ['accessS3AllResourcesV2', 'S3FullAccess'],
  ] as const)('keeps the old library\'s %s as an alias of %s', (name, activityId) => {
    // GIVEN code written for the old library WHEN it calls the V2 function THEN it gets the catalog activity
    expect(Activity[name](newStack(), 'Old').activityId).toBe(activityId);
  });

  it('names the role SageMaker-${roleNameSuffix} (as the provider plans it)', () => {
    // GIVEN a role created through the seed API
    const stack = newStack();
    Activity.manageJobs(stack, 'Jobs', { rolesToPass: [imported(stack).compute] }).createRole(stack, 'Role', 'jobs');
    // WHEN the engine plans the synthesized properties, as the provider will
    const { [Prop.ServiceToken]: _token, ...properties } = onlyProperties(stack, RESOURCE_TYPE);
    const plan = planRole(properties, {
      partition: 'aws',
      region: REGION,
      account: ACCOUNT,
      stackName: 'TestStack',
      stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/TestStack/1`,
      logicalId: 'Role',
    });
    // THEN the role is SageMaker-jobs and its trust policy lets SageMaker assume it
    expect(plan.roleName).toBe('SageMaker-jobs');
    expect(JSON.stringify(plan.trustPolicy)).toContain('sagemaker.amazonaws.com');
  });

  it('sends VPC and KMS customization by subnet id and key ARN', () => {
    // GIVEN manageJobs with the old library's VPC and KMS options
    const stack = newStack();
    const r = imported(stack);
    Activity.manageJobs(stack, 'Jobs', {
      rolesToPass: [r.compute],
      subnets: [r.subnet],
      securityGroups: [r.securityGroup],
      dataKeys: [r.dataKey],
      volumeKeys: [r.volumeKey],
    }).createRole(stack, 'Role', 'jobs');
    // THEN the role-level properties carry them
    expect(onlyProperties(stack, RESOURCE_TYPE)).toEqual(
      expect.objectContaining({ [Prop.VpcSubnetIds]: [SUBNET_ID], [Prop.DataKmsKeyArns]: [DATA_KEY_ARN] }),
    );
  });

  it('refuses VPC customization of an activity that has none', () => {
    // GIVEN an activity without VPC support
    const stack = newStack();
    const experiments = Activity.manageExperiments(stack, 'Experiments');
    // WHEN / THEN customizing its VPC says which activities support it
    expect(() => experiments.customizeVPC([imported(stack).subnet])).toThrow(
      /ManageExperiments does not support VPC customization \(activities that do: .*ManageMLJobs/,
    );
  });

  it('refuses an option the activity does not use, from untyped (JavaScript) callers', () => {
    // GIVEN a caller bypassing the types
    const stack = newStack();
    const untyped = factory('ManageExperiments');
    // WHEN / THEN an unused option is named, with the options that exist
    expect(() => untyped(stack, 'Experiments', { s3Buckets: [imported(stack).bucket] })).toThrow(
      /option s3Buckets is not used by ManageExperiments; its options are subnets, securityGroups, dataKeys, volumeKeys/,
    );
    expect(() => factory('ManageMLJobs')(stack, 'Jobs', {})).toThrow(
      /ManageMLJobs requires rolesToPass \(the PassRoles property\)/,
    );
  });
});

describe('Activity.grantPermissionsTo', () => {
  it('grants PassRole on exactly the given roles, only to SageMaker', () => {
    // GIVEN manageJobs passing one compute role, and a Lambda's role
    const stack = newStack();
    const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN granted
    const grant = Activity.manageJobs(stack, 'Jobs', { rolesToPass: [imported(stack).compute] }).grantPermissionsTo(target);
    // THEN the grant succeeded and the PassRole statement names the compute role and the service
    expect(grant.success).toBe(true);
    const passRole = policyStatementsOf(stack).find((s) => s.Action === 'iam:PassRole');
    expect(passRole).toEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: COMPUTE_ROLE_ARN,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
  });

  it('carries the VPC conditions onto the job-creating statement', () => {
    // GIVEN manageJobs customized to one subnet
    const stack = newStack();
    const r = imported(stack);
    const jobs = Activity.manageJobs(stack, 'Jobs', { rolesToPass: [r.compute] });
    jobs.customizeVPC([r.subnet], [r.securityGroup]);
    const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN granted
    jobs.grantPermissionsTo(target);
    // THEN CreateTrainingJob is allowed only within that subnet
    const create = policyStatementsOf(stack).find((s) => Array.isArray(s.Action) && s.Action.includes('sagemaker:CreateTrainingJob'));
    expect(create?.Condition?.['ForAllValues:StringEquals']?.[ConditionKey.VpcSubnets]).toEqual(SUBNET_ID);
  });

  it('renders token values (a bucket of the same stack, an environment-agnostic stack) into the policy', () => {
    // GIVEN a bucket created in an environment-agnostic stack
    const stack = new Stack(new App(), 'Agnostic');
    const bucket = new s3.Bucket(stack, 'Data');
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN bucket access is granted
    Activity.accessS3Buckets(stack, 'BucketAccess', { s3Buckets: [bucket] }).grantPermissionsTo(target);
    // THEN the object ARN is built from the bucket's Ref and the stack's partition
    const resources = JSON.stringify(stack.resolve(policyStatementsOf(stack).map((s) => s.Resource)));
    expect(resources).toContain(JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: bucketId }, '/*']] }));
  });
});

describe('PermissionSet.grantPermissionsTo with Deny statements', () => {
  /** A permission set with fixed statements, to exercise what the catalog does not emit today. */
  class FixedStatements extends PermissionSet {
    constructor(scope: Construct, id: string, private readonly fixed: Statement[]) {
      super(scope, id);
    }
    roleOptions(): PersonaRoleOptions {
      return { persona: 'Custom', activities: ['ManageExperiments'] };
    }
    customizeVPC(): void {}
    customizeKMS(): void {}
    override statements(): Statement[] {
      return this.fixed;
    }
  }

  it('puts a Deny on the same principal as the Allows it narrows', () => {
    // GIVEN an Allow and a Deny that narrows it
    const stack = newStack();
    const target = new iam.Role(stack, 'Target', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const set = new FixedStatements(stack, 'Fixed', [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::team-a-data/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-data/secret/*' },
    ]);
    // WHEN granted
    set.grantPermissionsTo(target);
    // THEN both statements are in the role's policy
    expect(policyStatementsOf(stack)).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-data/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-a-data/secret/*' },
    ]);
  });
});

describe('Persona', () => {
  it('creates one role with all its activities and their shared parameters', () => {
    // GIVEN two activities passing the same compute role
    const stack = newStack();
    const compute = imported(stack).compute;
    const persona = new Persona(stack, 'Persona', {
      activities: [Activity.manageJobs(stack, 'Jobs', { rolesToPass: [compute] }), Activity.manageModels(stack, 'Models', { rolesToPass: [compute] })],
    });
    // WHEN the role is created
    persona.createRole(stack, 'Role', 'mlops');
    // THEN the resource lists both activities and the role once
    expect(onlyProperties(stack, RESOURCE_TYPE)).toEqual(
      expect.objectContaining({
        [Prop.Persona]: 'Custom',
        [Prop.Activities]: ['ManageMLJobs', 'ManageModels'],
        [Prop.PassRoles]: [COMPUTE_ROLE_ARN],
      }),
    );
  });

  it('refuses activities that disagree on a shared parameter instead of widening one of them', () => {
    // GIVEN two activities passing different roles
    const stack = newStack();
    const other = iam.Role.fromRoleArn(stack, 'Other', `arn:aws:iam::${ACCOUNT}:role/SageMaker-other`);
    const persona = new Persona(stack, 'Persona', {
      activities: [
        Activity.manageJobs(stack, 'Jobs', { rolesToPass: [imported(stack).compute] }),
        Activity.manageModels(stack, 'Models', { rolesToPass: [other] }),
      ],
    });
    // WHEN / THEN creating the role names both activities and their lists
    expect(() => persona.createRole(stack, 'Role', 'mlops')).toThrow(
      /passRoles differs between ManageMLJobs \(.*SageMaker-compute.*\) and ManageModels \(.*SageMaker-other.*\)/,
    );
  });

  it('accepts the same set of values in another order', () => {
    // GIVEN two activities with the same two buckets, listed in different orders
    const stack = newStack();
    const a = s3.Bucket.fromBucketName(stack, 'A', 'bucket-a');
    const b = s3.Bucket.fromBucketName(stack, 'B', 'bucket-b');
    const persona = new Persona(stack, 'Persona', {
      activities: [Activity.accessS3Buckets(stack, 'S3', { s3Buckets: [a, b] }), Activity.accessAwsServices(stack, 'Aws', { s3Buckets: [b, a] })],
    });
    // WHEN / THEN the role is created with the first activity's list
    persona.createRole(stack, 'Role', 'compute');
    expect(onlyProperties(stack, RESOURCE_TYPE)[Prop.S3Buckets]).toEqual(['bucket-a', 'bucket-b']);
  });

  it('customizeVPC and customizeKMS apply to the activities that support them and skip the others', () => {
    // GIVEN a persona mixing an activity with VPC/KMS support and one without
    const stack = newStack();
    const r = imported(stack);
    const jobs = Activity.manageJobs(stack, 'Jobs', { rolesToPass: [r.compute] });
    const experiments = Activity.manageExperiments(stack, 'Experiments');
    const persona = new Persona(stack, 'Persona', { activities: [jobs, experiments] });
    // WHEN customized
    persona.customizeVPC([r.subnet], [r.securityGroup]);
    persona.customizeKMS([r.dataKey], [r.volumeKey]);
    // THEN only the supporting activity is customized, and the role carries the settings
    expect([jobs.isVPCCustomized, jobs.isKMSCustomized, experiments.isVPCCustomized]).toEqual([true, true, false]);
    persona.createRole(stack, 'Role', 'ds');
    expect(onlyProperties(stack, RESOURCE_TYPE)).toEqual(
      expect.objectContaining({ [Prop.VpcSubnetIds]: [SUBNET_ID], [Prop.DataKmsKeyArns]: [DATA_KEY_ARN] }),
    );
  });

  it('refuses VPC or KMS customization when no activity supports it', () => {
    // GIVEN a persona whose only activity has neither VPC nor KMS customization
    const stack = newStack();
    const persona = new Persona(stack, 'Persona', { activities: [Activity.manageExperiments(stack, 'Experiments')] });
    const r = imported(stack);
    // WHEN / THEN both customizations are refused instead of silently ignored
    expect(() => persona.customizeVPC([r.subnet])).toThrow(/none of the activities ManageExperiments supports VPC customization/);
    expect(() => persona.customizeKMS([r.dataKey])).toThrow(/none of the activities ManageExperiments supports KMS customization/);
  });

  it('refuses an activity listed twice', () => {
    const stack = newStack();
    const experiments = Activity.manageExperiments(stack, 'Experiments');
    expect(() => new Persona(stack, 'Persona', { activities: [experiments, experiments] })).toThrow(
      /activity ManageExperiments is listed twice/,
    );
  });
});

/** The sample options of an activity as raw template properties, for the engine. */
function rawSamples(activityId: ActivityId): Record<string, string[]> {
  const values: Record<ParameterName, string[]> = {
    PassRoles: [COMPUTE_ROLE_ARN],
    S3Buckets: ['team-a-data'],
    EcrRepositories: ['team-a/training'],
    AthenaWorkgroups: ['primary'],
    GlueDatabases: ['team_a'],
    KendraIndexes: ['0123abcd-4567-89ef-0123-456789abcdef'],
    MlflowTrackingServers: ['team-a-tracking'],
  };
  return Object.fromEntries((findActivity(activityId)?.requiredParameters ?? []).map((p) => [p, values[p]]));
}
