// The provider's execution role is the product's security boundary: the CDK
// construct must grant exactly what cfn/provider.yaml grants, for every
// combination of guardrails. Both templates are resolved for the same
// parameters and compared statement by statement.

import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Template } from 'aws-cdk-lib/assertions';
import { SageMakerPersonaRoleProvider } from '../../cdk/lib';
import { ensureLambdaBundle } from './support/bundle';
import { resolveTemplate, type ResolvedTemplate } from '../../src/cli/intrinsics';
import { loadTemplate, type CfnTemplate, type Json, type JsonObject } from '../cfn/support/template';

const PROVIDER_YAML = path.resolve(__dirname, '..', '..', 'cfn', 'provider.yaml');
const ENV = { partition: 'aws', region: 'eu-west-1', account: '111122223333', stackName: 'Parity' };

interface Scenario {
  name: string;
  boundary?: string;
  logKey?: string;
  allowed: string[];
  rolePathPrefix: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'defaults', allowed: [], rolePathPrefix: '/' },
  {
    name: 'boundary and allow-list',
    boundary: 'arn:aws:iam::111122223333:policy/ml-boundary',
    allowed: ['arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess', 'arn:aws:iam::111122223333:policy/team-extra'],
    rolePathPrefix: '/',
  },
  {
    name: 'boundary only, under a path, encrypted log',
    boundary: 'arn:aws:iam::111122223333:policy/ml-boundary',
    logKey: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    allowed: [],
    rolePathPrefix: '/ml/',
  },
  { name: 'allow-list only', allowed: ['arn:aws:iam::111122223333:policy/team-extra'], rolePathPrefix: '/ml/teams/' },
];

interface Side {
  role: JsonObject;
  fn: JsonObject;
  logGroup: JsonObject;
}

function sideOf(template: CfnTemplate, evaluator: ResolvedTemplate): Side {
  return {
    role: evaluator.properties(only(template, 'AWS::IAM::Role')) as JsonObject,
    fn: evaluator.properties(only(template, 'AWS::Lambda::Function')) as JsonObject,
    logGroup: evaluator.properties(only(template, 'AWS::Logs::LogGroup')) as JsonObject,
  };
}

/** Resolves a template for ENV; resources stay symbolic, named by type (the two templates name them differently). */
function evaluate(template: CfnTemplate, parameters?: Record<string, string | string[]>): ResolvedTemplate {
  return resolveTemplate(template, {
    pseudo: ENV,
    parameters,
    resourceValue: (id, attribute) => `<${template.Resources[id].Type}.${attribute ?? 'Ref'}>`,
  });
}

function cfnSide(s: Scenario): Side {
  const template = loadTemplate(PROVIDER_YAML);
  const evaluator = evaluate(template, {
    PermissionsBoundaryArn: s.boundary ?? '',
    AllowedManagedPolicyArns: s.allowed.length > 0 ? s.allowed : '',
    RolePathPrefix: s.rolePathPrefix,
    LogKmsKeyArn: s.logKey ?? '',
  });
  return sideOf(template, evaluator);
}

function cdkSide(s: Scenario): Side {
  const stack = new Stack(new App(), 'Parity');
  SageMakerPersonaRoleProvider.of(stack, {
    permissionsBoundary: s.boundary === undefined ? undefined : iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', s.boundary),
    allowedManagedPolicies: s.allowed.map((arn, i) => iam.ManagedPolicy.fromManagedPolicyArn(stack, `Allowed${i}`, arn)),
    rolePathPrefix: s.rolePathPrefix,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    logEncryptionKey: s.logKey === undefined ? undefined : kms.Key.fromKeyArn(stack, 'LogKey', s.logKey),
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return sideOf(template, evaluate(template));
}

function only(template: CfnTemplate, type: string): string {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** Single values and one-element lists mean the same to IAM; order inside a list does not matter. */
function normalize(value: Json): Json {
  if (Array.isArray(value)) return value.map(normalize).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort()) {
      const v = normalize(value[k]);
      out[k] = typeof v === 'string' && k !== 'Sid' && k !== 'Effect' && k !== 'Version' ? [v] : v;
    }
    return out;
  }
  return value;
}

function policies(role: JsonObject): Map<string, Json[]> {
  const list = role.Policies as { PolicyName: string; PolicyDocument: { Statement: Json[] } }[];
  return new Map(list.map((p) => [p.PolicyName, p.PolicyDocument.Statement]));
}

function statementKey(s: Json, index: number): string {
  const sid = (s as JsonObject).Sid;
  return typeof sid === 'string' ? sid : `#${index}`;
}

beforeAll(() => ensureLambdaBundle());

describe.each(SCENARIOS)('provider execution role, $name', (scenario) => {
  const cfn = cfnSide(scenario);
  const cdk = cdkSide(scenario);

  it('has the same inline policies, statement by statement', () => {
    // GIVEN both providers resolved for the same guardrails
    const cfnPolicies = policies(cfn.role);
    const cdkPolicies = policies(cdk.role);
    // THEN the policy names match, and each statement (by Sid, in order) is identical
    expect([...cdkPolicies.keys()].sort()).toEqual([...cfnPolicies.keys()].sort());
    for (const [name, cfnStatements] of cfnPolicies) {
      const cdkStatements = cdkPolicies.get(name) ?? [];
      expect(cdkStatements.map(statementKey)).toEqual(cfnStatements.map(statementKey));
      cfnStatements.forEach((statement, i) => {
        expect({ policy: name, statement: normalize(cdkStatements[i]) }).toEqual({ policy: name, statement: normalize(statement) });
      });
    }
  });

  it('has the same trust policy', () => {
    expect(normalize(cdk.role.AssumeRolePolicyDocument)).toEqual(normalize(cfn.role.AssumeRolePolicyDocument));
  });

  it('runs the function with the same runtime, limits and environment', () => {
    // GIVEN the settings that decide how and where the provider runs
    const pick = (fn: JsonObject): JsonObject => {
      const variables = ((fn.Environment as JsonObject).Variables ?? {}) as JsonObject;
      return {
        Runtime: fn.Runtime,
        Architectures: fn.Architectures,
        Handler: fn.Handler,
        Timeout: String(fn.Timeout),
        MemorySize: String(fn.MemorySize),
        LogFormat: (fn.LoggingConfig as JsonObject).LogFormat,
        // The Lambda reads an empty PERMISSIONS_BOUNDARY_ARN as unset; CDK leaves it out instead.
        Variables: Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== '')),
      };
    };
    // THEN they are the same in both
    expect(pick(cdk.fn)).toEqual(pick(cfn.fn));
  });

  it('keeps the log group the same way (retention, encryption)', () => {
    // GIVEN the default retention on both sides
    // (a parameter reaches CloudFormation as a string, a CDK number as a number: both mean the same)
    const pick = (g: JsonObject): JsonObject => ({ ...g, RetentionInDays: String(g.RetentionInDays) });
    // THEN the log groups match, key included when one is configured
    expect(pick(cdk.logGroup)).toEqual(pick(cfn.logGroup));
  });
});
