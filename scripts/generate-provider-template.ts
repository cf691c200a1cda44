// Writes the execution role's policies into cfn/provider.yaml from their one
// source, cdk/lib/provider-policy.ts (npm run generate:provider). Everything
// outside the marked block stays hand-written; test/cfn/provider-generated.test.ts
// fails when the file and the spec disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cloudFormationRenderer, executionRolePolicies } from '../cdk/lib/provider-policy';

export const PROVIDER_TEMPLATE = join(__dirname, '..', 'cfn', 'provider.yaml');

const BEGIN = '# BEGIN GENERATED from cdk/lib/provider-policy.ts by `npm run generate:provider`: edit the spec there, not here.';
const END = '# END GENERATED';
const INDENT = '      ';

/** The template text with the block between the markers replaced by ProviderRole's Policies from the spec. */
export function renderProviderTemplate(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`cfn/provider.yaml: markers "${BEGIN}" ... "${END}" not found under ProviderRole.Properties`);
  const policies = executionRolePolicies(cloudFormationRenderer).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
  const body = stringify({ Policies: policies }, { lineWidth: 0, aliasDuplicateObjects: false })
    .trimEnd()
    // Quoted like the rest of the template: a YAML 1.1 reader would take the bare version for a date.
    .replace(/Version: 2012-10-17$/gm, "Version: '2012-10-17'")
    .split('\n')
    .map((line) => INDENT + line)
    .join('\n');
  return `${text.slice(0, start)}${BEGIN}\n${body}\n${INDENT}${text.slice(end)}`;
}

if (require.main === module) {
  const before = readFileSync(PROVIDER_TEMPLATE, 'utf8');
  const after = renderProviderTemplate(before);
  if (after !== before) writeFileSync(PROVIDER_TEMPLATE, after);
  process.stdout.write(after === before ? 'cfn/provider.yaml is up to date\n' : 'cfn/provider.yaml: execution role policies regenerated\n');
}
