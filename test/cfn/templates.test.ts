// Every template under cfn/ is valid CloudFormation: it parses with the
// short-form tags and every resource type and property is known to the
// CloudFormation resource specification.

import { join } from 'node:path';
import { RESOURCE_TYPE, SERVICE_TOKEN_EXPORT_SUFFIX } from '../../src/policy-engine/names';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { checkAgainstSpec } from './support/spec-check';
import { loadTemplate, parseTemplate, templateFiles, type CfnTemplate } from './support/template';

const ROOT = join(__dirname, '../..');
const FILES = templateFiles(join(ROOT, 'cfn'), ROOT);

/**
 * Validator warnings judged false positives, by file, each with the reason.
 * W1030: the linter checks an empty parameter Default against the property's
 * pattern even where an Fn::If / Condition keeps that value from ever reaching it.
 */
const ACKNOWLEDGED_WARNINGS: Record<string, RegExp[]> = {
  // PortfolioPrincipal exists only under HasPrincipal, i.e. when PrincipalArn is set.
  'cfn/service-catalog/portfolio.yaml': [/^W1030 Parameters\/PrincipalArn\/Default: /],
  // KmsKeyId is !If [HasLogKmsKey, key, AWS::NoValue]: the empty default is never used.
  'cfn/provider.yaml': [/^W1030 Parameters\/LogKmsKeyArn\/Default: /],
};

describe('templates under cfn/', () => {
  it('include the provider, every example and the Service Catalog product', () => {
    // GIVEN the cfn/ tree THEN the documented templates are all there (a renamed file fails here first)
    expect(FILES).toEqual(
      expect.arrayContaining([
        'cfn/provider.yaml',
        'cfn/examples/data-scientist.yaml',
        'cfn/examples/mlops.yaml',
        'cfn/examples/compute-role.yaml',
        'cfn/examples/custom.yaml',
        'cfn/examples/abac-shared-domain.yaml',
        'cfn/examples/sagemaker-domain.yaml',
        'cfn/service-catalog/product.yaml',
        'cfn/service-catalog/portfolio.yaml',
      ]),
    );
  });

  it.each(FILES)('%s is valid against the CloudFormation resource specification', (file) => {
    // GIVEN the template as CloudFormation reads it
    const template = loadTemplate(join(ROOT, file));
    // WHEN it is loaded into a stack against the specification
    const result = checkAgainstSpec(template);
    // THEN nothing was rejected, every resource survived with its type, and every warning is acknowledged
    expect(result.resourceTypes).toEqual(Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => [id, r.Type])));
    const acknowledged = ACKNOWLEDGED_WARNINGS[file] ?? [];
    expect(result.warnings.filter((w) => !acknowledged.some((a) => a.test(w)))).toEqual([]);
    // a fixed false positive must leave this list too, so it cannot hide a real finding later
    expect(acknowledged.filter((a) => !result.warnings.some((w) => a.test(w)))).toEqual([]);
});
});

describe('persona roles in the templates', () => {
  const PROVIDER_EXPORT = `SageMakerPersonaRoleProvider${SERVICE_TOKEN_EXPORT_SUFFIX}`;
  const users = FILES.filter((file) => Object.values(loadTemplate(join(ROOT, file)).Resources).some((r) => r.Type === RESOURCE_TYPE));

  it.each(users)('%s imports the ServiceToken the provider stack exports', (file) => {
    // GIVEN the template deployed with its defaults, next to a provider stack named as documented
    const template = loadTemplate(join(ROOT, file));
    const evaluator = resolveTemplate(template, {
      pseudo: { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 'consumer' },
      // Parameters without a Default, as an end user would fill them in.
      parameters: file === 'cfn/service-catalog/product.yaml' ? { TeamName: 'ml' } : {},
      importValue: (name) => `import:${String(name)}`,
      resourceValue: (id, attr) => `${id}.${attr ?? 'Ref'}`,
    });
    // WHEN each persona role's ServiceToken is resolved
    const tokens = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === RESOURCE_TYPE)
      .map(([, r]) => evaluator.resolve(r.Properties?.ServiceToken ?? null));
    // THEN every one is the provider's export, never a hard-coded function ARN
    expect(new Set(tokens)).toEqual(new Set([`import:${PROVIDER_EXPORT}`]));
  });
});

describe('the specification check itself', () => {
  const domain = (settings: Record<string, unknown>): CfnTemplate =>
    parseTemplate(
      JSON.stringify({
        Resources: {
          Domain: {
            Type: 'AWS::SageMaker::Domain',
            Properties: {
              DomainName: 'd',
              AuthMode: 'IAM',
              VpcId: 'vpc-0a1b2c3d4e5f60718',
              SubnetIds: ['subnet-0a1b2c3d4e5f60718'],
              DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::111122223333:role/SageMaker-x', ...settings },
            },
          },
        },
      }),
    );
  const broken: { name: string; template: CfnTemplate; message: RegExp }[] = [
    { name: 'a misspelled nested property', template: domain({ ExecutionRoel: 'x' }), message: /ExecutionRoel/ },
    { name: 'a misspelled resource type', template: parseTemplate('Resources:\n  R:\n    Type: AWS::SageMaker::Domian\n'), message: /Unknown resource type/ },
    {
      name: 'a missing required property',
      template: parseTemplate('Resources:\n  P:\n    Type: AWS::SageMaker::UserProfile\n    Properties: { UserProfileName: a }\n'),
      message: /missing required property/,
    },
    {
      name: 'a Ref to nothing',
      template: parseTemplate('Resources:\n  P:\n    Type: AWS::SageMaker::UserProfile\n    Properties: { DomainId: !Ref Nope, UserProfileName: a }\n'),
      message: /Nope/,
    },
  ];
  it.each(broken)('rejects $name', ({ template, message }) => {
    // GIVEN a template with one mistake WHEN it is checked THEN the check names the mistake
    expect(() => checkAgainstSpec(template)).toThrow(message);
  });

  it('rejects a duplicated key and an unknown short-form tag while parsing', () => {
    // GIVEN YAML mistakes CloudFormation would also refuse
    const duplicated = 'Resources:\n  R:\n    Type: A\n    Type: B\n';
    const unknownTag = 'Resources:\n  R:\n    Type: !Reff X\n';
    // THEN parsing fails instead of silently keeping one of them
    expect(() => parseTemplate(duplicated)).toThrow(/unique|duplicate/i);
    expect(() => parseTemplate(unknownTag)).toThrow(/Reff/);
  });
});
