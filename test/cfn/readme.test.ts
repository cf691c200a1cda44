// The README's raw CloudFormation section is how administrators deploy: it
// must name every provider parameter and every example, so neither can be
// added or renamed without the documentation following.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, templateFiles } from './support/template';

const ROOT = join(__dirname, '../..');

function cfnSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- section: cfn[^>]*-->([\s\S]*?)<!-- \/section: cfn -->/.exec(readme);
  if (!match) throw new Error('README.md has no cfn section markers');
  return match[1];
}

describe('README raw CloudFormation section', () => {
  const section = cfnSection();

  it.each(Object.keys(loadTemplate(join(ROOT, 'cfn/provider.yaml')).Parameters ?? {}))('documents provider parameter %s', (name) => {
    // GIVEN a parameter of cfn/provider.yaml THEN the README's parameter table names it
    expect(section).toContain(`\`${name}\``);
  });

  it.each(templateFiles(join(ROOT, 'cfn/examples'), ROOT))('lists example %s', (file) => {
    // GIVEN an example template THEN the README's example table links it
    expect(section).toContain(`\`${file}\``);
  });

  it('shows the package and deploy commands the provider needs', () => {
    // GIVEN the deployment steps THEN they use the packaging script and the IAM capability
    expect(section).toContain('npm run package');
    expect(section).toMatch(/aws cloudformation package[\s\\]+--template-file dist\/package\/provider\.yaml/);
    expect(section).toContain('--capabilities CAPABILITY_NAMED_IAM');
    expect(section).toContain('!ImportValue SageMakerPersonaRoleProvider-ServiceToken');
  });
});
