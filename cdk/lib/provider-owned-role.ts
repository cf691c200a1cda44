// The persona role as CDK code sees it. Its policies belong to the
// Custom::SageMakerPersonaRole provider, which renders them from the persona's
// activities only, so CDK calls that would add permissions to it
// (bucket.grantRead(role), role.addToPrincipalPolicy, attachInlinePolicy,
// addManagedPolicy) add nothing. Instead of dropping them silently (what an
// immutable imported role does), each leaves a synth warning through CDK
// Annotations that names what was asked and what to do instead.

import { Annotations, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { type Construct, DependencyGroup, type IConstruct } from 'constructs';
import { RESOURCE_TYPE } from '../../src/policy-engine/names';

/** Warning id, for `Annotations.of(scope).acknowledgeWarning(...)` once a dropped grant is understood. */
export const GRANT_DROPPED_WARNING = 'sagemaker-persona-role:grantDropped';

const INSTEAD =
  'Instead: give the resource to the persona through its activities (s3Buckets, ecrRepositories, passRoles, ' +
  'athenaWorkgroups, glueDatabases, dataKeys/volumeKeys, ...), or put the extra permissions in an ' +
  'iam.ManagedPolicy and list it in managedPolicies (the provider must allow it: allowedManagedPolicies). ' +
  'To grant these permissions to another identity, use that identity.';

export class ProviderOwnedRole extends Resource implements iam.IRole {
  readonly grantPrincipal: iam.IPrincipal = this;
  readonly assumeRoleAction = 'sts:AssumeRole';
  readonly principalAccount: string | undefined;
  readonly roleArn: string;
  readonly roleName: string;
  /** Resolves the role for grants that name it as a resource (grantPassRole, grantAssumeRole, grant). */
  private readonly reference: iam.IRole;

  constructor(scope: Construct, id: string, roleArn: string, roleName: string, private readonly owner: IConstruct) {
    super(scope, id);
    this.roleArn = roleArn;
    this.roleName = roleName;
    this.principalAccount = Stack.of(scope).account;
    this.reference = iam.Role.fromRoleArn(this, 'Reference', roleArn, { mutable: false });
  }

  get roleRef(): iam.IRole['roleRef'] {
    return { roleArn: this.roleArn, roleName: this.roleName };
  }

  get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.ArnPrincipal(this.roleArn).policyFragment;
  }

  addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.warn(`a grant of ${describe(statement)}`);
    // Reported as added so CDK does not fall back to writing the grant into the resource's own policy instead.
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  attachInlinePolicy(policy: iam.Policy): void {
    this.warn(`the inline policy ${policy.node.path}`);
  }

  addManagedPolicy(policy: iam.IManagedPolicy): void {
    const arn = policy.managedPolicyArn;
    const name = Token.isUnresolved(arn) ? 'a managed policy' : `the managed policy ${arn}`;
    this.warn(`${name} (addManagedPolicy)`);
  }

  grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return this.reference.grant(grantee, ...actions);
  }

  grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return this.reference.grantPassRole(grantee);
  }

  grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return this.reference.grantAssumeRole(grantee);
  }

  private warn(what: string): void {
    Annotations.of(this.owner).addWarningV2(
      GRANT_DROPPED_WARNING,
      `${what} was NOT added to this persona role: its policies belong to the ${RESOURCE_TYPE} provider, ` +
        `which writes only what the persona's activities and managedPolicies give. ${INSTEAD}`,
    );
  }
}

/** "s3:GetObject, s3:ListBucket on 2 resources": enough to recognize the grant, without resolving tokens. */
function describe(statement: iam.PolicyStatement): string {
  const json = statement.toStatementJson() as { Action?: string | string[]; Resource?: unknown };
  const actions = ([] as string[]).concat(json.Action ?? []);
  const shown = actions.length > 6 ? `${actions.slice(0, 6).join(', ')} and ${actions.length - 6} more` : actions.join(', ');
  const resources = ([] as unknown[]).concat(json.Resource ?? []).length;
  return `${shown || 'no actions'} on ${resources} resource${resources === 1 ? '' : 's'}`;
}
