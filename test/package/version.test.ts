// One version, everywhere a deployed provider or role can show it, and the
// CatalogVersion property that carries an upgrade to every existing role.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import { PACKAGE_VERSION, SageMakerPersonaRole } from '../../cdk/lib';
import { createLogger } from '../../lambda/logger';
import { PROVIDER_VERSION } from '../../lambda/version';
import { Attr, Prop, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { parseProperties } from '../../src/policy-engine/properties';
import { planRole } from '../../src/policy-engine/plan';
import type { PlanContext, RolePlan } from '../../src/policy-engine/types';
import { ensureLambdaBundle } from '../cdk/support/bundle';
import { loadTemplate } from '../cfn/support/template';
import { expectSuccess, LOGICAL_ID, simulateEvent, STACK_ID, type Props } from '../support/cfn-events';
import { createHarness, type Harness } from '../support/provider-harness';

const ROOT = join(__dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const CONTEXT: PlanContext = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  stackName: 'team-a',
  stackId: STACK_ID,
  logicalId: LOGICAL_ID,
};

describe('the version is the same everywhere', () => {
  it('is a semantic version, the top release of CHANGELOG.md', () => {
    // GIVEN package.json's version THEN it is semver and the changelog's first release section names it
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    const firstRelease = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').match(/^## \[([^\]]+)\]/m)?.[1];
    expect(firstRelease).toBe(VERSION);
  });

  it('is in cfn/provider.yaml: the stack description and the function description', () => {
    // GIVEN the provider template THEN both descriptions carry the version, so the console shows what runs
    const template = loadTemplate(join(ROOT, 'cfn/provider.yaml'));
    expect(template.Description).toContain(`${RESOURCE_TYPE} ${VERSION}:`);
    expect(template.Resources.ProviderFunction.Properties?.Description).toContain(`${RESOURCE_TYPE} provider ${VERSION} (`);
  });

  it('is what the Lambda, the CDK construct and the provider construct carry', () => {
    ensureLambdaBundle();
    // GIVEN the version the Lambda was built with and the one the CDK layer reads
    expect(PROVIDER_VERSION).toBe(VERSION);
    expect(PACKAGE_VERSION).toBe(VERSION);
    // WHEN a stack with a persona role synthesizes
    const stack = new Stack(new App(), 'Versions');
    new SageMakerPersonaRole(stack, 'Role', { persona: 'ComputeRole', roleNameSuffix: 'v', s3Buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')] });
    const template = Template.fromStack(stack);
    // THEN the role sends it as CatalogVersion and the provider function's description names it
    template.hasResourceProperties(RESOURCE_TYPE, { [Prop.CatalogVersion]: VERSION });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: `${RESOURCE_TYPE} provider ${VERSION} (creates, updates and deletes SageMaker-* IAM roles)` });
  });
});

describe('the provider reports its version', () => {
  let h: Harness;
  afterEach(() => h.restore());

  it('returns ProviderVersion with the role attributes and logs it on every line', async () => {
    // GIVEN a provider whose logger writes JSON lines we capture
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      h = createHarness({ logger: createLogger() });
      // WHEN a Create succeeds
      const body = expectSuccess([await h.send(simulateEvent('Create', { Persona: 'ComputeRole', RoleNameSuffix: 'v', S3Buckets: ['data'] }))]);
      // THEN the attributes include the provider's version
      expect(body.Data?.[Attr.ProviderVersion]).toBe(VERSION);
    } finally {
      write.mockRestore();
    }
    // AND every log line of the event says which version wrote it
    const records = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.providerVersion).toBe(VERSION);
  });
});

describe('CatalogVersion: upgrades reach every role', () => {
  const BASE = { [Prop.Persona]: 'ComputeRole', [Prop.RoleNameSuffix]: 'team-a', [Prop.S3Buckets]: ['team-a-data'] };

  it('is accepted and ignored by the engine, like ServiceToken', () => {
    // GIVEN the same properties with and without a CatalogVersion
    // THEN they parse and plan identically
    expect(parseProperties({ ...BASE, [Prop.CatalogVersion]: '0.1.0' })).toEqual(parseProperties(BASE));
    expect(planRole({ ...BASE, [Prop.CatalogVersion]: '9.9.9' }, CONTEXT)).toEqual(planRole(BASE, CONTEXT));
  });

  it('changes between two library versions, so CloudFormation sends an Update and nothing else differs', () => {
    // GIVEN the same app synthesized by the previous and by this version of the library
    const synth = (catalogVersion?: string): Record<string, unknown> => {
      const stack = new Stack(new App(), 'Upgrade');
      const data = s3.Bucket.fromBucketName(stack, 'Data', 'team-a-data');
      new SageMakerPersonaRole(stack, 'Role', { persona: 'ComputeRole', roleNameSuffix: 'team-a', s3Buckets: [data], catalogVersion });
      const [resource] = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE));
      return resource.Properties as Record<string, unknown>;
    };
    const before = synth('0.1.0');
    const after = synth();
    // THEN the only property that differs is CatalogVersion, now this version
    const changed = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    expect(changed).toEqual([Prop.CatalogVersion]);
    expect(after[Prop.CatalogVersion]).toBe(VERSION);
  });

  it('on that Update the provider rewrites the role with the new catalog', async () => {
    // GIVEN a role written by an older catalog, in which the ComputeRole persona granted less
    let catalog: typeof planRole = (raw, ctx): RolePlan => {
      const plan = planRole(raw, ctx);
      const [first, ...rest] = plan.inlinePolicies;
      return { ...plan, inlinePolicies: [{ ...first, document: { ...first.document, Statement: first.document.Statement.slice(1) } }, ...rest] };
    };
    const h = createHarness({ planner: (raw, ctx) => catalog(raw, ctx) });
    try {
      const old: Props = { ...BASE, [Prop.CatalogVersion]: '0.1.0' };
      const created = expectSuccess([await h.send(simulateEvent('Create', old))]);
      const role = created.PhysicalResourceId;
      const oldDocument = [...(h.fake.roles.get(role)?.inline.values() ?? [])].join();
      // WHEN the provider is upgraded and the template's CatalogVersion changes (nothing else)
      catalog = planRole;
      const next: Props = { ...BASE, [Prop.CatalogVersion]: VERSION };
      const updated = expectSuccess([await h.send(simulateEvent('Update', next, { physicalId: role, oldProps: old }))]);
      // THEN the same role now holds exactly the new catalog's policy, and says which provider wrote it
      expect(updated.PhysicalResourceId).toBe(role);
      const expected = planRole(next, { ...CONTEXT, stackName: STACK_ID.split('/')[1] });
      const inline = h.fake.roles.get(role)?.inline;
      expect(inline?.size).toBe(expected.inlinePolicies.length);
      for (const p of expected.inlinePolicies) expect(JSON.parse(inline?.get(p.name) ?? 'null')).toEqual(p.document);
      expect([...(inline?.values() ?? [])].join()).not.toBe(oldDocument);
      expect(updated.Data?.[Attr.ProviderVersion]).toBe(VERSION);
    } finally {
      h.restore();
    }
  });
});
