// Calls into the policy engine at synth time, with CDK tokens swapped for
// placeholders on the way in and back on the way out (see token-placeholders.ts).

import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { arnBuilder, parseProperties, PersonaRoleError, renderStatements, type Statement } from '../../src/policy-engine';
import type { RawProperties } from './role-properties';
import { withPlaceholders } from './role-properties';
import { TokenPlaceholders } from './token-placeholders';

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

/**
 * Validates the properties with the engine's own parser. Concrete values are
 * checked now; tokens are checked by the provider at deploy time.
 */
export function validateAtSynth(scope: IConstruct, raw: RawProperties): void {
  located(scope, () => parseProperties(withPlaceholders(raw, new TokenPlaceholders())));
}

/**
 * The role's permission statements, as the provider would write them, scoped
 * to the stack's partition, region and account (tokens when the stack is
 * environment-agnostic).
 */
export function renderAtSynth(scope: IConstruct, raw: RawProperties): Statement[] {
  return located(scope, () => {
    const placeholders = new TokenPlaceholders();
    const props = parseProperties(withPlaceholders(raw, placeholders));
    const stack = Stack.of(scope);
    const arn = arnBuilder(
      placeholders.stand(stack.partition, 'arnPart'),
      placeholders.stand(stack.region, 'arnPart'),
      placeholders.stand(stack.account, 'arnPart'),
    );
    return placeholders.restore(renderStatements(props, arn));
  });
}
