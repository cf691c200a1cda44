// Calls into the policy engine at synth time, with CDK tokens swapped for
// placeholders on the way in and back on the way out (see token-placeholders.ts).
// Checks that need the role's account and partition use the stack's, as the
// provider (and the CLI) use the stack's at deploy time.

import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { arnBuilder, parseProperties, PersonaRoleError, Prop, renderStatements, type RoleProperties, type Statement } from '../../src/policy-engine';
import { checkPlanContext } from '../../src/policy-engine/context';
import { literalAccountOfArn, synthEnvironment, untrustedPart } from './deploy-time-values';
import type { RawProperties } from './role-properties';
import { withPlaceholders } from './role-properties';
import { TokenPlaceholders, type PlaceholderEnvironment } from './token-placeholders';

/** Engine errors gain the construct path, so the message says which construct is wrong. */
function located<T>(scope: IConstruct, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof PersonaRoleError) {
      throw new PersonaRoleError(`${scope.node.path}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** The stack's partition, region and account when synth knows all three. */
function knownEnvironment(scope: IConstruct): PlaceholderEnvironment | undefined {
  const { partition, region, account } = synthEnvironment(scope);
  return partition !== undefined && region !== undefined && account !== undefined ? { partition, region, account } : undefined;
}

/**
 * Parses with the engine's own parser and, when the stack's environment is
 * known, checks ARNs against it: a role of another account cannot be passed,
 * an ARN of another partition cannot apply. Tokens stand in as placeholders in
 * the stack's own account and partition.
 */
function parseAtSynth(scope: IConstruct, raw: RawProperties, placeholders: TokenPlaceholders, env: PlaceholderEnvironment | undefined): RoleProperties {
  const props = parseProperties(withPlaceholders(raw, placeholders));
  if (env === undefined) return props;
  const stack = Stack.of(scope);
  checkPlanContext(props, { ...env, stackName: stack.stackName, stackId: stack.stackId, logicalId: scope.node.id });
  const passRoles = raw[Prop.PassRoles];
  (Array.isArray(passRoles) ? (passRoles as readonly string[]) : []).forEach((arn, i) => {
    const account = literalAccountOfArn(scope, arn);
    if (account !== undefined && account !== env.account) {
      throw new PersonaRoleError(
        `${Prop.PassRoles}[${i}]: ${JSON.stringify(stack.resolve(arn))} is invalid: must be a role in account ${env.account}: IAM passes only roles of the caller's own account`,
      );
    }
  });
  return props;
}

/**
 * Validates the properties with the engine's own parser. Concrete values are
 * checked now; tokens are checked by the provider at deploy time.
 */
export function validateAtSynth(scope: IConstruct, raw: RawProperties): void {
  located(scope, () => {
    const env = knownEnvironment(scope);
    parseAtSynth(scope, raw, new TokenPlaceholders(env), env);
  });
}

/** Properties that never reach a permission statement (a role's name, trust, tags, attachments). */
const NOT_IN_STATEMENTS: readonly string[] = [
  Prop.Persona,
  Prop.Activities,
  Prop.RoleNameSuffix,
  Prop.Path,
  Prop.Description,
  Prop.MaxSessionDuration,
  Prop.ManagedPolicyArns,
  Prop.PermissionsBoundary,
  Prop.Tags,
];

/**
 * Refuses every value that reaches a statement but only CloudFormation will
 * know (a parameter, an import, a condition...): written straight into an
 * identity's policy, with no provider to check it at deploy time, it could be
 * `*`. Literal text, pseudo parameters and identifiers of resources in the app
 * pass (see deploy-time-values.ts).
 */
function refuseDeployTimeValues(scope: IConstruct, raw: RawProperties): void {
  const problems: string[] = [];
  const visit = (where: string, value: unknown): void => {
    if (typeof value === 'string') {
      const why = untrustedPart(scope, value);
      if (why !== undefined) problems.push(`${where}: ${why}`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(`${where}[${i}]`, v));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(`${where}.${k}`, v);
    }
  };
  for (const [prop, value] of Object.entries(raw)) if (!NOT_IN_STATEMENTS.includes(prop)) visit(prop, value);
  if (problems.length > 0) {
    throw new PersonaRoleError(
      `${problems.join('; ')}. grantPermissionsTo writes these values into the policy at synth time, and nothing checks ` +
        'them when the stack deploys, so a value chosen at deploy time could widen the grant (for example "*"). ' +
        'Give concrete values, or identifiers (Ref, Arn, Name, Id) of resources in this app; or use createRole, whose ' +
        'provider checks every value when the stack deploys',
    );
  }
}

/**
 * The role's permission statements, as the provider would write them, scoped
 * to the stack's partition, region and account (tokens when the stack is
 * environment-agnostic). Values that only CloudFormation will know are refused.
 */
export function renderAtSynth(scope: IConstruct, raw: RawProperties): Statement[] {
  return located(scope, () => {
    refuseDeployTimeValues(scope, raw);
    const env = knownEnvironment(scope);
    const placeholders = new TokenPlaceholders(env);
    const props = parseAtSynth(scope, raw, placeholders, env);
    const stack = Stack.of(scope);
    const arn = arnBuilder(
      placeholders.stand(stack.partition, 'arnPart'),
      placeholders.stand(stack.region, 'arnPart'),
      placeholders.stand(stack.account, 'arnPart'),
    );
    return placeholders.restore(renderStatements(props, arn));
  });
}
