// One source for the execution role's policies: cfn/provider.yaml carries what
// cdk/lib/provider-policy.ts renders for CloudFormation, byte for byte, so a
// change cannot reach one deploy path and miss the other (issue 8).
import { readFileSync } from 'node:fs';
import { PROVIDER_TEMPLATE, renderProviderTemplate } from '../../scripts/generate-provider-template';

describe('cfn/provider.yaml execution role policies', () => {
  it('are exactly what the spec renders (run `npm run generate:provider` after changing cdk/lib/provider-policy.ts)', () => {
    // GIVEN the template on disk WHEN the spec is rendered into it THEN nothing changes
    const text = readFileSync(PROVIDER_TEMPLATE, 'utf8');
    expect(renderProviderTemplate(text)).toBe(text);
  });

  it('would notice a hand edit inside the generated block', () => {
    // GIVEN the template with one action removed by hand WHEN rendered THEN the action is back (the test above fails on such a file)
    const text = readFileSync(PROVIDER_TEMPLATE, 'utf8');
    const edited = text.replace('                  - iam:DeletePolicyVersion\n', '');
    expect(edited).not.toBe(text);
    expect(renderProviderTemplate(edited)).toBe(text);
  });
});
