// The seed API's ML activity: one catalog activity with its parameters, created
// with a static function per activity (`Activity.manageJobs(scope, id, {...})`).
// Option types come from the catalog itself, so a parameter the catalog makes
// required is required here at compile time.

import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  ACTIVITIES,
  findActivity,
  type ActivityDefinition,
  type ActivityId,
  type CatalogActivity,
  type ParameterName,
} from '../../src/policy-engine/catalog';
import { PersonaRoleError } from '../../src/policy-engine/errors';
import { PermissionSet, type KMSOptions, type VPCOptions } from './permission-set';
import type { PersonaRoleOptions } from './role-properties';

/** The seed API's option name for each catalog parameter. */
export const PARAMETER_OPTION = {
  PassRoles: 'rolesToPass',
  S3Buckets: 's3Buckets',
  EcrRepositories: 'ecrRepositories',
  AthenaWorkgroups: 'athenaWorkgroupNames',
  GlueDatabases: 'glueDatabaseNames',
  KendraIndexes: 'kendraIndexIds',
  MlflowTrackingServers: 'mlflowTrackingServerNames',
} as const satisfies Record<ParameterName, string>;
type OptionKey = typeof PARAMETER_OPTION;

/** What each parameter option takes: CDK objects where CDK has them. */
interface ParameterValueTypes {
  PassRoles: iam.IRole;
  S3Buckets: s3.IBucket;
  EcrRepositories: ecr.IRepository;
  AthenaWorkgroups: string;
  GlueDatabases: string;
  KendraIndexes: string;
  MlflowTrackingServers: string;
}

type Definition<Id extends ActivityId> = Extract<CatalogActivity, { id: Id }>;
type RequiredParameter<Id extends ActivityId> = Definition<Id>['requiredParameters'][number];
type OptionalParameter<Id extends ActivityId> =
  Definition<Id> extends { optionalParameters: readonly (infer P extends ParameterName)[] } ? P : never;

/** Options of one activity: its required parameters, its optional ones, and VPC/KMS customization. */
export type ActivityOptions<Id extends ActivityId> = {
  readonly [P in RequiredParameter<Id> as OptionKey[P]]: readonly ParameterValueTypes[P][];
} & {
  readonly [P in OptionalParameter<Id> as OptionKey[P]]?: readonly ParameterValueTypes[P][];
} & VPCOptions &
  KMSOptions;

/** Options may be left out entirely when the activity requires no parameter. */
type OptionsArgument<Id extends ActivityId> = [RequiredParameter<Id>] extends [never]
  ? [options?: ActivityOptions<Id>]
  : [options: ActivityOptions<Id>];

/** Every option an activity may carry, for code that handles all activities alike. */
interface AnyActivityOptions extends VPCOptions, KMSOptions {
  readonly rolesToPass?: readonly iam.IRole[];
  readonly s3Buckets?: readonly s3.IBucket[];
  readonly ecrRepositories?: readonly ecr.IRepository[];
  readonly athenaWorkgroupNames?: readonly string[];
  readonly glueDatabaseNames?: readonly string[];
  readonly kendraIndexIds?: readonly string[];
  readonly mlflowTrackingServerNames?: readonly string[];
}

export class Activity extends PermissionSet {
  /** Any catalog activity by id; the static functions below are the typed shortcuts. */
  static of<Id extends ActivityId>(scope: Construct, id: string, activityId: Id, ...[options]: OptionsArgument<Id>): Activity {
    return new Activity(scope, id, activityId, (options ?? {}) as AnyActivityOptions);
  }

  static accessAwsServices(scope: Construct, id: string, ...options: OptionsArgument<'AccessRequiredAwsServices'>): Activity {
    return Activity.of(scope, id, 'AccessRequiredAwsServices', ...options);
  }
  static runStudioApps(scope: Construct, id: string, ...options: OptionsArgument<'RunStudioApps'>): Activity {
    return Activity.of(scope, id, 'RunStudioApps', ...options);
  }
  /** @deprecated the old library's second Studio template; same activity as runStudioApps. */
  static runStudioAppsV2(scope: Construct, id: string, ...options: OptionsArgument<'RunStudioApps'>): Activity {
    return Activity.of(scope, id, 'RunStudioApps', ...options);
  }
  static manageJobs(scope: Construct, id: string, ...options: OptionsArgument<'ManageMLJobs'>): Activity {
    return Activity.of(scope, id, 'ManageMLJobs', ...options);
  }
  static manageModels(scope: Construct, id: string, ...options: OptionsArgument<'ManageModels'>): Activity {
    return Activity.of(scope, id, 'ManageModels', ...options);
  }
  static manageEndpoints(scope: Construct, id: string, ...options: OptionsArgument<'ManageEndpoints'>): Activity {
    return Activity.of(scope, id, 'ManageEndpoints', ...options);
  }
  static managePipelines(scope: Construct, id: string, ...options: OptionsArgument<'ManagePipelines'>): Activity {
    return Activity.of(scope, id, 'ManagePipelines', ...options);
  }
  static manageExperiments(scope: Construct, id: string, ...options: OptionsArgument<'ManageExperiments'>): Activity {
    return Activity.of(scope, id, 'ManageExperiments', ...options);
  }
  static visualizeExperiments(
    scope: Construct,
    id: string,
    ...options: OptionsArgument<'SearchVisualizeExperiments'>
  ): Activity {
    return Activity.of(scope, id, 'SearchVisualizeExperiments', ...options);
  }
  static monitorModels(scope: Construct, id: string, ...options: OptionsArgument<'ManageModelMonitoring'>): Activity {
    return Activity.of(scope, id, 'ManageModelMonitoring', ...options);
  }
  static accessS3AllResources(scope: Construct, id: string, ...options: OptionsArgument<'S3FullAccess'>): Activity {
    return Activity.of(scope, id, 'S3FullAccess', ...options);
  }
  /** @deprecated the old library's second S3 template; same activity as accessS3AllResources. */
  static accessS3AllResourcesV2(scope: Construct, id: string, ...options: OptionsArgument<'S3FullAccess'>): Activity {
    return Activity.of(scope, id, 'S3FullAccess', ...options);
  }
  static accessS3Buckets(scope: Construct, id: string, ...options: OptionsArgument<'S3BucketAccess'>): Activity {
    return Activity.of(scope, id, 'S3BucketAccess', ...options);
  }
  static queryAthenaGroups(scope: Construct, id: string, ...options: OptionsArgument<'QueryAthenaWorkgroups'>): Activity {
    return Activity.of(scope, id, 'QueryAthenaWorkgroups', ...options);
  }
  static manageGlueTables(scope: Construct, id: string, ...options: OptionsArgument<'ManageGlueTables'>): Activity {
    return Activity.of(scope, id, 'ManageGlueTables', ...options);
  }
  static canvasCoreAccess(scope: Construct, id: string, ...options: OptionsArgument<'CanvasCoreAccess'>): Activity {
    return Activity.of(scope, id, 'CanvasCoreAccess', ...options);
  }
  static canvasDataPreparation(scope: Construct, id: string, ...options: OptionsArgument<'CanvasDataPreparation'>): Activity {
    return Activity.of(scope, id, 'CanvasDataPreparation', ...options);
  }
  static canvasAIServices(scope: Construct, id: string, ...options: OptionsArgument<'CanvasAIServices'>): Activity {
    return Activity.of(scope, id, 'CanvasAIServices', ...options);
  }
  static canvasMLOps(scope: Construct, id: string, ...options: OptionsArgument<'CanvasMLOps'>): Activity {
    return Activity.of(scope, id, 'CanvasMLOps', ...options);
  }
  static canvasKendraAccess(scope: Construct, id: string, ...options: OptionsArgument<'CanvasKendraAccess'>): Activity {
    return Activity.of(scope, id, 'CanvasKendraAccess', ...options);
  }
  static useMLflow(scope: Construct, id: string, ...options: OptionsArgument<'UseMLflow'>): Activity {
    return Activity.of(scope, id, 'UseMLflow', ...options);
  }
  static manageMLflowTrackingServers(
    scope: Construct,
    id: string,
    ...options: OptionsArgument<'ManageMLflowTrackingServers'>
  ): Activity {
    return Activity.of(scope, id, 'ManageMLflowTrackingServers', ...options);
  }
  static accessRequiredAwsServicesForMLflow(
    scope: Construct,
    id: string,
    ...options: OptionsArgument<'AccessRequiredAwsServicesForMLflow'>
  ): Activity {
    return Activity.of(scope, id, 'AccessRequiredAwsServicesForMLflow', ...options);
  }
  static manageMLflowApps(scope: Construct, id: string, ...options: OptionsArgument<'ManageMLflowApps'>): Activity {
    return Activity.of(scope, id, 'ManageMLflowApps', ...options);
  }
  static accessRequiredAwsServicesForMLflowApps(
    scope: Construct,
    id: string,
    ...options: OptionsArgument<'AccessRequiredAwsServicesForMLflowApps'>
  ): Activity {
    return Activity.of(scope, id, 'AccessRequiredAwsServicesForMLflowApps', ...options);
  }
  static runStudioEmrServerlessApps(
    scope: Construct,
    id: string,
    ...options: OptionsArgument<'RunStudioEmrServerlessApps'>
  ): Activity {
    return Activity.of(scope, id, 'RunStudioEmrServerlessApps', ...options);
  }

  readonly activityId: ActivityId;
  readonly definition: ActivityDefinition;
  private readonly parameters: AnyActivityOptions;
  private vpc: VPCOptions = {};
  private kms: KMSOptions = {};

  private constructor(scope: Construct, id: string, activityId: ActivityId, options: AnyActivityOptions) {
    super(scope, id);
    const definition = findActivity(activityId);
    if (definition === undefined) {
      throw new PersonaRoleError(`${this.node.path}: ${JSON.stringify(activityId)} is not an activity of the catalog`);
    }
    this.activityId = activityId;
    this.definition = definition;
    this.parameters = options;
    this.checkParameters(options);
    if (options.subnets !== undefined || options.securityGroups !== undefined) {
      this.customizeVPC(options.subnets, options.securityGroups);
    }
    if (options.dataKeys !== undefined || options.volumeKeys !== undefined) {
      this.customizeKMS(options.dataKeys, options.volumeKeys);
    }
  }

  /** Whether VpcSubnetIds / VpcSecurityGroupIds conditions apply to this activity. */
  get isCustomizationAvailableForVPC(): boolean {
    return this.definition.vpc;
  }
  get isCustomizationAvailableForKMS(): boolean {
    return this.definition.kms;
  }
  get isVPCCustomized(): boolean {
    return (this.vpc.subnets?.length ?? 0) + (this.vpc.securityGroups?.length ?? 0) > 0;
  }
  get isKMSCustomized(): boolean {
    return (this.kms.dataKeys?.length ?? 0) + (this.kms.volumeKeys?.length ?? 0) > 0;
  }

  /** Restricts the activity's jobs and apps to these subnets and security groups. */
  customizeVPC(subnets?: readonly ec2.ISubnet[], securityGroups?: readonly ec2.ISecurityGroup[]): void {
    if (!this.definition.vpc) {
      throw new PersonaRoleError(
        `${this.node.path}: ${this.activityId} does not support VPC customization (activities that do: ${supporting('vpc')})`,
      );
    }
    this.vpc = { subnets, securityGroups };
  }

  /** Requires these keys (by key ARN) for the activity's data, output and volume encryption. */
  customizeKMS(dataKeys?: readonly kms.IKey[], volumeKeys?: readonly kms.IKey[]): void {
    if (!this.definition.kms) {
      throw new PersonaRoleError(
        `${this.node.path}: ${this.activityId} does not support KMS customization (activities that do: ${supporting('kms')})`,
      );
    }
    this.kms = { dataKeys, volumeKeys };
  }

  /** This activity's own settings; a Persona combines those of its activities. */
  roleOptions(): PersonaRoleOptions {
    const p = this.parameters;
    return {
      persona: 'Custom',
      activities: [this.activityId],
      passRoles: p.rolesToPass,
      s3Buckets: p.s3Buckets,
      ecrRepositories: p.ecrRepositories,
      athenaWorkgroups: p.athenaWorkgroupNames,
      glueDatabases: p.glueDatabaseNames,
      kendraIndexes: p.kendraIndexIds,
      mlflowTrackingServers: p.mlflowTrackingServerNames,
      subnets: this.vpc.subnets,
      securityGroups: this.vpc.securityGroups,
      dataKeys: this.kms.dataKeys,
      volumeKeys: this.kms.volumeKeys,
    };
  }

  // The types already refuse unknown options in typed calls; this catches
  // untyped callers (JavaScript) before the provider would.
  private checkParameters(options: AnyActivityOptions): void {
    const known = new Set<string>([...Object.values(PARAMETER_OPTION), 'subnets', 'securityGroups', 'dataKeys', 'volumeKeys']);
    const used = new Set<string>([...this.definition.requiredParameters, ...(this.definition.optionalParameters ?? [])]);
    for (const key of Object.keys(options)) {
      const parameter = (Object.keys(PARAMETER_OPTION) as ParameterName[]).find((p) => PARAMETER_OPTION[p] === key);
      if (!known.has(key) || (parameter !== undefined && !used.has(parameter))) {
        const allowed = [...used].map((p) => PARAMETER_OPTION[p as ParameterName]);
        throw new PersonaRoleError(
          `${this.node.path}: option ${key} is not used by ${this.activityId}; its options are ${[...allowed, 'subnets', 'securityGroups', 'dataKeys', 'volumeKeys'].join(', ')}`,
        );
      }
    }
    for (const parameter of this.definition.requiredParameters) {
      const values = options[PARAMETER_OPTION[parameter]];
      if (values === undefined || values.length === 0) {
        throw new PersonaRoleError(
          `${this.node.path}: ${this.activityId} requires ${PARAMETER_OPTION[parameter]} (the ${parameter} property) with at least one value`,
        );
      }
    }
  }
}

function supporting(flag: 'vpc' | 'kms'): string {
  return ACTIVITIES.filter((a) => a[flag]).map((a) => a.id).join(', ');
}
