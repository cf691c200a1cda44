// Custom::SageMakerPersonaRole as a CDK construct: typed props in, the
// provider's role out (roleArn, roleName, role).

import { CustomResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Attr, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { PersonaRoleError } from '../../src/policy-engine/errors';
import { validateAtSynth } from './engine-bridge';
import { SageMakerPersonaRoleProvider } from './provider';
import { toRawProperties, type PersonaRoleOptions, type RawProperties } from './role-properties';

export interface SageMakerPersonaRoleProps extends PersonaRoleOptions {
  /**
   * The provider to use.
   * @default - the stack's provider (SageMakerPersonaRoleProvider.of(this)), created on first use
   */
  readonly provider?: SageMakerPersonaRoleProvider;
  /**
   * ServiceToken of a provider deployed separately, e.g.
   * `Fn.importValue('SageMakerPersonaRoleProvider-ServiceToken')` for the cfn/provider.yaml stack.
   * @default - the provider construct's token
   */
  readonly serviceToken?: string;
}

/**
 * A `Custom::SageMakerPersonaRole` resource: the provider creates the role
 * `SageMaker-${roleNameSuffix}` with the persona's least-privilege policies.
 */
export class SageMakerPersonaRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  readonly roleId: string;
  /**
   * The role, immutable: its policies belong to the provider, and CDK grants
   * to it are dropped rather than written as a second, unmanaged policy.
   */
  readonly role: iam.IRole;
  /** The properties as sent to the provider (keys as in templates; values may be tokens). */
  readonly properties: RawProperties;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SageMakerPersonaRoleProps) {
    super(scope, id);
    if (props.provider !== undefined && props.serviceToken !== undefined) {
      throw new PersonaRoleError(`${this.node.path}: give either provider or serviceToken, not both`);
    }
    const { provider, serviceToken, ...options } = props;
    this.properties = toRawProperties(options);
    validateAtSynth(this, this.properties);

    this.resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: serviceToken ?? (provider ?? SageMakerPersonaRoleProvider.of(this)).serviceToken,
      properties: this.properties,
    });
    this.roleArn = this.resource.getAttString(Attr.Arn);
    this.roleName = this.resource.getAttString(Attr.RoleName);
    this.roleId = this.resource.getAttString(Attr.RoleId);
    this.role = iam.Role.fromRoleArn(this, 'Role', this.roleArn, { mutable: false });
  }
}
