// The provider Lambda of Custom::SageMakerPersonaRole inside a CDK stack: the
// same function, log group and execution role as cfn/provider.yaml.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { PROVIDER_NAME_PREFIX, ProviderEnv } from '../../src/policy-engine/names';
import { PersonaRoleError } from '../../src/policy-engine/errors';
import { acknowledge, acknowledgeWildcardResources } from './acknowledgments';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './package-info';
import { concretePolicies } from './provider-policy';

/** The provider bundle `npm run build` writes (and the published package ships), under the package root. */
export const LAMBDA_BUNDLE_DIR = path.join(PACKAGE_ROOT, 'dist', 'lambda');

// Construct ids feed generated logical ids and names: none may contain "SageMaker" (issue 8, finding 1).
const PROVIDER_ID = 'PersonaRoleProvider';
const ROLE_PATH_PREFIX = /^\/([A-Za-z0-9+=,.@_-]+\/)*$/;
const MAX_ATTACHED_CEILING = 20;

export type ProviderLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface SageMakerPersonaRoleProviderProps {
  /**
   * Applied to every role the provider creates; the execution role then refuses
   * to create or widen a role without exactly this boundary. Recommended in production.
   * @default - no enforced boundary
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
  /**
   * Managed policies that roles may list in ManagedPolicyArns, besides the
   * SageMaker-* policies the provider creates itself.
   * @default - none
   */
  readonly allowedManagedPolicies?: readonly iam.IManagedPolicy[];
  /**
   * Role ARN patterns (`*`, `?`) that roles may list in PassRoles; a role outside them is refused with the list.
   * Whatever this says, no role may pass the provider's own role or a role of another account.
   * @default - any role of the account
   */
  readonly allowedPassRoleArns?: readonly string[];
  /**
   * Bucket name patterns (`*`, `?`) that roles may list in S3Buckets.
   * @default - any bucket
   */
  readonly allowedS3BucketPatterns?: readonly string[];
  /**
   * The provider may only manage roles whose IAM path starts with this (the policies it creates live at /).
   * @default '/'
   */
  readonly rolePathPrefix?: string;
  /**
   * The account's quota of managed policies per role (raise it with Service Quotas first).
   * @default 10
   */
  readonly maxAttachedPoliciesPerRole?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Key for the log group; its key policy must allow the logs.<region>.amazonaws.com service principal.
   * @default - CloudWatch Logs' default encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /** @default 'INFO' */
  readonly logLevel?: ProviderLogLevel;
}

/**
 * One per stack: get it with `SageMakerPersonaRoleProvider.of(scope)`. Every
 * SageMakerPersonaRole in the stack shares it.
 */
export class SageMakerPersonaRoleProvider extends Construct {
  /**
   * The stack's provider, created on first use. Props are only accepted by the
   * call that creates it, so two parts of an app cannot silently disagree on
   * the guardrails.
   */
  static of(scope: IConstruct, props?: SageMakerPersonaRoleProviderProps): SageMakerPersonaRoleProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    if (existing instanceof SageMakerPersonaRoleProvider) {
      if (props !== undefined) {
        throw new PersonaRoleError(
          `${stack.node.path}: the SageMakerPersonaRoleProvider of this stack already exists; pass its props to the first SageMakerPersonaRoleProvider.of() call, before creating any SageMakerPersonaRole`,
        );
      }
      return existing;
    }
    if (existing !== undefined) {
      throw new PersonaRoleError(`${stack.node.path}: the construct id ${PROVIDER_ID} is reserved for the provider`);
    }
    return new SageMakerPersonaRoleProvider(stack, PROVIDER_ID, props ?? {});
  }

  /** ServiceToken of Custom::SageMakerPersonaRole resources. */
  readonly serviceToken: string;
  /** The boundary the provider enforces on every role, if any. */
  readonly permissionsBoundaryArn?: string;
  /** Managed policies roles may attach besides the provider's own. */
  readonly allowedManagedPolicyArns: readonly string[];
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  private constructor(scope: Stack, id: string, props: SageMakerPersonaRoleProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rolePathPrefix = props.rolePathPrefix ?? '/';
    checkProps(rolePathPrefix, props.maxAttachedPoliciesPerRole);
    checkPatterns('allowedPassRoleArns', props.allowedPassRoleArns, PASS_ROLE_PATTERN, 'a role ARN pattern such as arn:aws:iam::111122223333:role/SageMaker-compute-* (* and ? allowed)');
    checkPatterns('allowedS3BucketPatterns', props.allowedS3BucketPatterns, BUCKET_PATTERN, 'a bucket name pattern such as team-a-* (lowercase letters, digits, . -, * and ?)');
    const code = bundleCode();

    const boundaryArn = props.permissionsBoundary?.managedPolicyArn;
    this.permissionsBoundaryArn = boundaryArn;
    this.allowedManagedPolicyArns = (props.allowedManagedPolicies ?? []).map((p) => p.managedPolicyArn);
    // Fixed names from the stack's UUID, never from the stack name (which may well contain "SageMaker"):
    // nothing here may match the *sagemaker* names AWS's SageMaker managed policies grant Lambda access on.
    const name = `${PROVIDER_NAME_PREFIX}${Fn.select(2, Fn.split('/', stack.stackId))}`;
    const functionArn = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    // Retained: it is the audit trail of every IAM change the provider made.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${name}`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The same documents as cfn/provider.yaml, from the one spec in provider-policy.ts.
    const policies = concretePolicies({
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
      rolePathPrefix,
      functionArn,
      logGroupArn: this.logGroup.logGroupArn,
      permissionsBoundaryArn: boundaryArn,
      allowedManagedPolicyArns: this.allowedManagedPolicyArns,
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: name,
      description: 'Execution role of the Custom::SageMakerPersonaRole provider (manages SageMaker-* roles under /sagemaker-persona-role/ only)',
      // Only this account's Lambda service may assume it (confused deputy).
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      inlinePolicies: Object.fromEntries(policies.map((p) => [p.name, iam.PolicyDocument.fromJson(p.document)])),
    });

    const environment: Record<string, string> = {
      [ProviderEnv.MaxAttachedPolicies]: String(props.maxAttachedPoliciesPerRole ?? 10),
      [ProviderEnv.LogLevel]: props.logLevel ?? 'INFO',
      [ProviderEnv.AllowedManagedPolicyArns]: this.allowedManagedPolicyArns.join(','),
      [ProviderEnv.AllowedPassRoleArns]: (props.allowedPassRoleArns ?? []).join(','),
      [ProviderEnv.AllowedS3BucketPatterns]: (props.allowedS3BucketPatterns ?? []).join(','),
      [ProviderEnv.ProviderRoleArn]: this.role.roleArn,
    };
    if (boundaryArn !== undefined) environment[ProviderEnv.PermissionsBoundaryArn] = boundaryArn;

    this.function = new lambda.Function(this, 'Function', {
      functionName: name,
      description: `Custom::SageMakerPersonaRole provider ${PACKAGE_VERSION} (creates, updates and deletes SageMaker-* IAM roles)`,
      // nodejs22.x: the design's runtime (SDK v3 requires Node 22 from January 2027).
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code,
      role: this.role,
      // Same reasoning as cfn/provider.yaml: IAM calls plus retry headroom, well under Lambda's 900 s.
      timeout: Duration.seconds(300),
      memorySize: 256,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment,
    });
    this.serviceToken = this.function.functionArn;

    acknowledgeWildcardResources(
      this.role,
      policies.flatMap((p) => p.document.Statement as { Effect: string; Resource: string | string[] }[]).filter((st) => st.Effect === 'Allow').flatMap((st) => [st.Resource].flat()),
      'The provider creates roles and policies whose names are only known at deploy time; every pattern is bounded to ' +
        'this account, the provider\'s own IAM path and the SageMaker- name prefix, requires the ownership tags and this ' +
        'function as the caller, and DenyLookalikePaths removes ARNs where SageMaker- is only a path segment; CloudFormation ' +
        'reads cover whichever stack sent an event (same policy as cfn/provider.yaml).',
    );
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime the provider is built and tested for (AWS SDK v3 needs Node 22 from January 2027); ' +
        'cfn/provider.yaml pins the same runtime so both deployments behave alike.',
    );
  }
}

// The same shapes the Lambda accepts (lambda/config.ts): a bad pattern fails here, at synth, not on every event.
const PASS_ROLE_PATTERN = /^arn:(aws|aws-cn|aws-us-gov|\*):iam::(\d{12}|\*):role\/[\w+=,.@/*?-]{1,576}$/;
const BUCKET_PATTERN = /^[a-z0-9.*?-]{1,63}$/;

function checkPatterns(prop: string, values: readonly string[] | undefined, shape: RegExp, expected: string): void {
  (values ?? []).forEach((value, i) => {
    if (!Token.isUnresolved(value) && !shape.test(value)) {
      throw new PersonaRoleError(`${prop}[${i}]: ${JSON.stringify(value)} is invalid: expected ${expected}`);
    }
  });
}

function checkProps(rolePathPrefix: string, maxAttached: number | undefined): void {
  if (!Token.isUnresolved(rolePathPrefix) && !ROLE_PATH_PREFIX.test(rolePathPrefix)) {
    throw new PersonaRoleError(
      `rolePathPrefix: ${JSON.stringify(rolePathPrefix)} is invalid: must be an IAM path such as / or /ml/ (starts and ends with /, no wildcards)`,
    );
  }
  if (maxAttached !== undefined && !Token.isUnresolved(maxAttached)) {
    if (!Number.isInteger(maxAttached) || maxAttached < 1 || maxAttached > MAX_ATTACHED_CEILING) {
      throw new PersonaRoleError(
        `maxAttachedPoliciesPerRole: ${maxAttached} is invalid: must be a whole number from 1 to ${MAX_ATTACHED_CEILING}`,
      );
    }
  }
}

/** The provider bundle as a Lambda asset; fails with the fix when it was not built. */
export function bundleCode(dir: string = LAMBDA_BUNDLE_DIR): lambda.Code {
  if (!existsSync(path.join(dir, 'index.js'))) {
    throw new PersonaRoleError(
      `The provider bundle ${path.join(dir, 'index.js')} is missing: run \`npm run build\` in ${path.resolve(dir, '..', '..')} first`,
    );
  }
  return lambda.Code.fromAsset(dir);
}
