// Custom::SageMakerPersonaRole as a CDK construct: typed props in, the
// provider's role out (roleArn, roleName, role).

import { CustomResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Attr, Prop, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { PersonaRoleError } from '../../src/policy-engine/errors';
import { comparableArn, sameArn, untrustedPart } from './deploy-time-values';
import { validateAtSynth } from './engine-bridge';
import { PACKAGE_VERSION } from './package-info';
import { ProviderOwnedRole } from './provider-owned-role';
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
  /**
   * Sent as the CatalogVersion property. The provider ignores its value, but a
   * new value makes CloudFormation send an Update, so upgrading this library
   * re-renders every role with the new catalog on the next deploy.
   * @default - this library's version
   */
  readonly catalogVersion?: string;
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
   * The role. Its policies belong to the provider: CDK grants to it
   * (grant*, addToPrincipalPolicy, attachInlinePolicy, addManagedPolicy) are
   * not written as a second, unmanaged policy; each leaves a synth warning
   * saying what to do instead. Grants that name it as a resource
   * (grantPassRole, grantAssumeRole) work as usual.
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
    const { provider, serviceToken, catalogVersion, ...options } = props;
    this.properties = { ...toRawProperties(options), [Prop.CatalogVersion]: catalogVersion ?? PACKAGE_VERSION };
    validateAtSynth(this, this.properties);

    const ownProvider = serviceToken === undefined ? (provider ?? SageMakerPersonaRoleProvider.of(this)) : undefined;
    if (ownProvider !== undefined) this.checkGuardrails(ownProvider);

    this.resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: serviceToken ?? (ownProvider as SageMakerPersonaRoleProvider).serviceToken,
      properties: this.properties,
    });
    this.roleArn = this.resource.getAttString(Attr.Arn);
    this.roleName = this.resource.getAttString(Attr.RoleName);
    this.roleId = this.resource.getAttString(Attr.RoleId);
    this.role = new ProviderOwnedRole(this, 'Role', this.roleArn, this.roleName, this);
  }

  // What the provider's execution role would refuse at deploy time (with a bare
  // AccessDenied) is refused here, with the reason. ARNs are compared as synth
  // knows them: `ManagedPolicy.fromAwsManagedPolicyName('X')` is
  // arn:<stack partition>:iam::aws:policy/X, an in-stack ManagedPolicy is only
  // itself. Only an allow-list or boundary that CloudFormation alone will know
  // (a parameter, an import) leaves the check to the provider, at deploy time.
  private checkGuardrails(provider: SageMakerPersonaRoleProvider): void {
    const boundary = this.properties[Prop.PermissionsBoundary];
    const enforced = provider.permissionsBoundaryArn;
    const checkable = (v: string): boolean => untrustedPart(this, v) === undefined;
    if (typeof boundary === 'string' && enforced !== undefined && checkable(boundary) && checkable(enforced)) {
      if (!sameArn(comparableArn(this, boundary), comparableArn(this, enforced))) {
        throw new PersonaRoleError(
          `${this.node.path}: ${Prop.PermissionsBoundary}: ${JSON.stringify(shown(this, boundary))} is invalid: the provider enforces ${shown(this, enforced)} on every role; leave permissionsBoundary unset or give that policy`,
        );
      }
    }
    const allowed = provider.allowedManagedPolicyArns;
    if (!allowed.every(checkable)) return;
    const allowedTexts = allowed.map((a) => comparableArn(this, a));
    const attached = this.properties[Prop.ManagedPolicyArns];
    (Array.isArray(attached) ? (attached as readonly string[]) : []).forEach((arn, i) => {
      if (!checkable(arn)) return;
      const text = comparableArn(this, arn);
      if (!allowedTexts.some((a) => sameArn(a, text))) {
        throw new PersonaRoleError(
          `${this.node.path}: ${Prop.ManagedPolicyArns}[${i}]: ${JSON.stringify(shown(this, arn))} is invalid: the provider may only attach its allowedManagedPolicies (${allowed.length > 0 ? allowed.map((a) => shown(this, a)).join(', ') : 'none configured'}); add it there with SageMakerPersonaRoleProvider.of(stack, { allowedManagedPolicies })`,
        );
      }
    });
  }
}

/** A value as a person reads it: the concrete ARN, or its CloudFormation expression. */
function shown(scope: Construct, value: string): string {
  return comparableArn(scope, value);
}
