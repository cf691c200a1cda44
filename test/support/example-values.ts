// Values the examples in cfn/examples/ get from CloudFormation only once
// deployed (Fn::GetAtt of resources that are not persona roles), given to the
// offline planner as the CLI's --resource-value would give them.

/** The SageMaker domain id the ABAC example's roles are planned for offline. */
export const EXAMPLE_DOMAIN_ID = 'd-0example1abc';

const VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Its persona roles name the domain the template creates (UserIsolation.DomainId).
  'abac-shared-domain.yaml': { 'Domain.DomainId': EXAMPLE_DOMAIN_ID },
};

/** `LogicalId.Attribute` → value for the example file (its base name, e.g. `abac-shared-domain.yaml`); {} when it needs none. */
export function exampleResourceValues(file: string): Readonly<Record<string, string>> {
  return VALUES[file.split('/').pop() ?? file] ?? {};
}
