// Finding 1 of issue 8: SageMaker users could invoke (and, with
// AmazonSageMakerPipelinesIntegrations, replace or delete) the provider, whose
// names matched the `*SageMaker*` patterns of AWS's SageMaker managed
// policies. Now nothing the provider stack creates for itself matches
// *sagemaker* in any case nor *LabelingFunction*, in cfn/provider.yaml and in
// the CDK provider, and every such policy is put to the simulator against the
// deployed names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { SageMakerPersonaRoleProvider } from '../../cdk/lib';
import { resolveTemplate } from '../../src/cli/intrinsics';
import { ensureLambdaBundle } from '../cdk/support/bundle';
import { PROVIDER_NAME, PROVIDER_STACK_ID } from '../support/provider-requests';
import { simulate } from '../support/simulate';
import { loadTemplate, type CfnTemplate } from './support/template';
import type { PolicyDocument } from '../../src/policy-engine/types';

const REFERENCE = join(__dirname, '../fixtures/aws-reference/aws-managed-policies');
const PSEUDO = { partition: 'aws', region: 'us-east-1', account: '111122223333', stackName: 'SageMakerPersonaRoleProvider', stackId: PROVIDER_STACK_ID };

interface Deployed {
  functionName: string;
  roleName: string;
  logGroupName: string;
  logicalIds: string[];
}

function deployed(template: CfnTemplate): Deployed {
  const resources = resolveTemplate(template, { pseudo: PSEUDO, resourceValue: (id) => `<${id}>` }).resources();
  const byType = (type: string) => Object.values(resources).find((r) => r.Type === type)?.Properties ?? {};
  return {
    functionName: String(byType('AWS::Lambda::Function').FunctionName),
    roleName: String(byType('AWS::IAM::Role').RoleName),
    logGroupName: String(byType('AWS::Logs::LogGroup').LogGroupName),
    logicalIds: Object.keys(template.Resources),
  };
}

function cdkTemplate(): CfnTemplate {
  ensureLambdaBundle();
  // A stack named the way administrators name it: its name must not leak into any resource name.
  const stack = new Stack(new App(), 'SageMakerPersonaRoleProvider', { env: { account: PSEUDO.account, region: PSEUDO.region } });
  SageMakerPersonaRoleProvider.of(stack);
  return JSON.parse(JSON.stringify(App.of(stack)!.synth().getStackByName(stack.stackName).template)) as CfnTemplate;
}

const PROVIDERS: [string, () => Deployed][] = [
  ['cfn/provider.yaml', () => deployed(loadTemplate(join(__dirname, '../../cfn/provider.yaml')))],
  ['the CDK provider', () => deployed(cdkTemplate())],
];

function managedPolicies(): [string, PolicyDocument][] {
  return readdirSync(REFERENCE)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), (JSON.parse(readFileSync(join(REFERENCE, f), 'utf8')) as { PolicyVersion: { Document: PolicyDocument } }).PolicyVersion.Document]);
}

const FUNCTION_ACTIONS = ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction', 'lambda:AddPermission'];

describe.each(PROVIDERS)('%s is out of reach of AWS\'s SageMaker managed policies', (_name, load) => {
  let d: Deployed;
  beforeAll(() => {
    d = load();
  });

  it('names nothing *sagemaker* (any case) or *LabelingFunction*, the stack name notwithstanding', () => {
    expect(d.functionName).toBe(PROVIDER_NAME);
    expect(d.roleName).toBe(PROVIDER_NAME);
    expect(d.logGroupName).toBe(`/aws/lambda/${PROVIDER_NAME}`);
    for (const name of [d.functionName, d.roleName, d.logGroupName, ...d.logicalIds]) {
      expect(name).not.toMatch(/sagemaker/i);
      expect(name).not.toMatch(/LabelingFunction/);
    }
  });

  const policies = managedPolicies();
  it('has the 16 reference policies to check', () => {
    expect(policies.length).toBeGreaterThanOrEqual(16);
  });

  it.each(policies)('%s allows no function action on the provider', async (_policy, document) => {
    const fn = `arn:aws:lambda:us-east-1:111122223333:function:${d.functionName}`;
    const decisions: string[] = [];
    for (const action of FUNCTION_ACTIONS) decisions.push(`${action}: ${await simulate([document], { action, resource: fn, allowIgnoredContextKeys: ['aws:PrincipalTag/AmazonDataZonePassedRolePath'] })}`);
    expect(decisions.filter((x) => x.endsWith('Allowed'))).toEqual([]);
  });

  it.each(policies)('%s lets no one pass the provider\'s role except to Lambda by a blanket grant', async (policy, document) => {
    const roleArn = `arn:aws:iam::111122223333:role/${d.roleName}`;
    const allowedTo: string[] = [];
    for (const service of ['lambda.amazonaws.com', 'sagemaker.amazonaws.com', 'states.amazonaws.com', 'glue.amazonaws.com']) {
      const decision = await simulate([document], { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': service } });
      if (decision === 'Allowed') allowedTo.push(service);
    }
    // Only the role's trusted service matters (it trusts lambda.amazonaws.com alone). AmazonSageMakerPipelinesIntegrations
    // passes ANY role to Lambda: no name avoids that, so the role's power is bound to this function by
    // lambda:SourceFunctionArn (provider-findings.test.ts shows another function with this role gets nothing).
    const expected = policy === 'AmazonSageMakerPipelinesIntegrations' ? ['lambda.amazonaws.com'] : [];
    expect(allowedTo.filter((s) => s === 'lambda.amazonaws.com')).toEqual(expected);
  });
});
