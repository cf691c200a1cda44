// Finding 2 of issue 8: the provider trusted whatever event it was given. Now
// an event is answered only at CloudFormation's response endpoint and acted on
// only when CloudFormation confirms that it is sending it.
import { Logger } from '@aws-lambda-powertools/logger';
import { ProviderEnv, RESOURCE_TYPE } from '../../src/policy-engine/names';
import { refuseResponseUrl, responseHosts } from '../../lambda/response-endpoint';
import { refusal, isRollingBack, type StackObservation } from '../../lambda/stack-confirmation';
import type { RequestType } from '../../lambda/event';
import { expectFailed, expectSuccess, LOGICAL_ID, lambdaContext, simulateEvent, STACK_ID, type Props } from '../support/cfn-events';
import { cfnErrors } from '../support/cfn-state';
import { OwnershipTag } from '../../src/policy-engine/names';
import { createHarness, type Harness } from '../support/provider-harness';

const BASE: Props = { Persona: 'Custom', Activities: ['ManageMLJobs'], RoleNameSuffix: 'team-a', PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-compute'] };
const ROLE = 'SageMaker-team-a';
const US_EAST_1 = { partition: 'aws', region: 'us-east-1' };

describe('response endpoint allow-list', () => {
  it.each([
    ['https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation?X-Amz-Signature=x', US_EAST_1],
    ['https://cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com/x', US_EAST_1],
    ['https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/x', { partition: 'aws', region: 'eu-west-1' }],
    ['https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com:443/x', { partition: 'aws', region: 'eu-west-1' }],
    ['https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x', { partition: 'aws-cn', region: 'cn-north-1' }],
    ['https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com/x', { partition: 'aws-us-gov', region: 'us-gov-west-1' }],
  ])('accepts %s', (url, self) => {
    expect(refuseResponseUrl(url, self)).toBeUndefined();
  });

  it.each([
    ['plain http', 'http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x'],
    ['another region\'s bucket', 'https://cloudformation-custom-resource-response-uswest2.s3.amazonaws.com/x'],
    ['a look-alike suffix', 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/x'],
    ['a look-alike prefix', 'https://evil-cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x'],
    ['path-style S3', 'https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/x'],
    ['a port', 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443/x'],
    ['credentials', 'https://u:p@cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x'],
    ['the instance metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback without the test setting', 'http://127.0.0.1:8080/x'],
    ['the China host from a commercial-region provider', 'https://cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com.cn/x'],
    ['not a URL', 'cloudformation-custom-resource-response-useast1.s3.amazonaws.com'],
  ])('refuses %s', (_name, url) => {
    expect(refuseResponseUrl(url, US_EAST_1)).toEqual(expect.any(String));
  });

  it('accepts loopback only with the test setting', () => {
    expect(refuseResponseUrl('http://127.0.0.1:9/x', US_EAST_1, { allowLoopback: true })).toBeUndefined();
    expect(refuseResponseUrl('http://10.0.0.1:9/x', US_EAST_1, { allowLoopback: true })).toEqual(expect.any(String));
  });

  it('has no global host in the China partition', () => {
    expect(responseHosts({ partition: 'aws-cn', region: 'cn-northwest-1' }).every((h) => h.endsWith('.amazonaws.com.cn'))).toBe(true);
  });
});

describe('what CloudFormation sends in which state', () => {
  const obs = (stackStatus: string, status: string, physicalId?: string, type = RESOURCE_TYPE): StackObservation => ({
    stackId: STACK_ID,
    stackStatus,
    resource: { type, status, physicalId },
  });
  const req = (requestType: RequestType, physicalId?: string) => ({ requestType, physicalId, resourceType: RESOURCE_TYPE });
  const accepted: [string, RequestType, string | undefined, StackObservation][] = [
    ['Create while the stack is created', 'Create', undefined, obs('CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS')],
    ['Create of a resource an update adds', 'Create', undefined, obs('UPDATE_IN_PROGRESS', 'CREATE_IN_PROGRESS')],
    ['Update during an update', 'Update', 'r1', obs('UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'r1')],
    ['Update during an update rollback (old properties back)', 'Update', 'r2', obs('UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'r2')],
    ['Delete when the stack is deleted', 'Delete', 'r1', obs('DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'r1')],
    ['Delete of a failed Create during the create rollback', 'Delete', 'failed-create:x', obs('ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'failed-create:x')],
    ['Delete of the old role after a replacement', 'Delete', 'r1', obs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'r2')],
    ['Delete of the new role after a rolled-back replacement', 'Delete', 'r2', obs('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'r1')],
    ['Delete of a resource an update removed', 'Delete', 'r1', obs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'r1')],
    ['Delete of a resource added by a failed update', 'Delete', 'r1', obs('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'r1')],
  ];
  it.each(accepted)('accepts %s', (_name, type, physical, o) => {
    expect(refusal(req(type, physical), o)).toBeUndefined();
  });

  const refused: [string, RequestType, string | undefined, StackObservation][] = [
    ['Create in a stable stack', 'Create', undefined, obs('UPDATE_COMPLETE', 'UPDATE_COMPLETE', 'r1')],
    ['Create of a resource that exists', 'Create', undefined, obs('UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE', 'r1')],
    ['Create in a stack being deleted', 'Create', undefined, obs('DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'r1')],
    ['Update in a stable stack (forged widening)', 'Update', 'r1', obs('UPDATE_COMPLETE', 'UPDATE_COMPLETE', 'r1')],
    ['Update while another resource is updated', 'Update', 'r1', obs('UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE', 'r1')],
    ['Update naming another physical id', 'Update', 'r9', obs('UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'r1')],
    ['Update during a create', 'Update', 'r1', obs('CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'r1')],
    ['Delete in a stable stack (forged delete)', 'Delete', 'r1', obs('CREATE_COMPLETE', 'CREATE_COMPLETE', 'r1')],
    ['Delete during an update, outside cleanup', 'Delete', 'r1', obs('UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'r1')],
    ['Delete of the live role during cleanup', 'Delete', 'r2', obs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'r2')],
    ['Delete naming another physical id while deleting', 'Delete', 'r9', obs('DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'r1')],
    ['Delete after the stack is gone', 'Delete', 'r1', obs('DELETE_COMPLETE', 'DELETE_COMPLETE', 'r1')],
    ['a resource of another type', 'Create', undefined, obs('CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', undefined, 'AWS::CloudFormation::CustomResource')],
  ];
  it.each(refused)('refuses %s', (_name, type, physical, o) => {
    expect(refusal(req(type, physical), o)).toEqual(expect.any(String));
  });

  it('refuses a logical id the stack does not have, and an event of another resource type', () => {
    expect(refusal(req('Create'), { stackId: STACK_ID, stackStatus: 'CREATE_IN_PROGRESS' })).toMatch(/no resource with this logical id/);
    expect(refusal({ requestType: 'Create', resourceType: 'Custom::Other' }, obs('CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS'))).toMatch(/Custom::Other/);
  });

  it('tells the lifecycle when a stack is rolling back', () => {
    expect(isRollingBack(obs('ROLLBACK_IN_PROGRESS', 'CREATE_FAILED'))).toBe(true);
    expect(isRollingBack(obs('UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_IN_PROGRESS'))).toBe(true);
    expect(isRollingBack(obs('CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS'))).toBe(false);
  });
});

describe('forged events change nothing', () => {
  let h: Harness;
  afterEach(() => h.restore());

  /** Team A's role, created by its stack, which then completed. */
  async function teamARole(): Promise<void> {
    h = createHarness();
    expectSuccess([await h.send(simulateEvent('Create', BASE))]);
    expect(h.cfn.stacks.get(STACK_ID)?.status).toBe('CREATE_COMPLETE');
    h.fake.clearCalls();
    h.responses.length = 0;
  }

  it('refuses a hand-made Update that copies the ownership tags to widen the role', async () => {
    await teamARole();
    const before = h.fake.snapshot();
    // WHEN an invoker sends an Update for team A's settled stack, asking for every bucket and an admin role
    await h.forge(simulateEvent('Update', { ...BASE, PassRoles: ['arn:aws:iam::111122223333:role/SageMaker-admin'], Activities: ['ManageMLJobs', 'S3FullAccess'] }, { physicalId: ROLE, oldProps: BASE }));
    // THEN FAILED, and IAM saw no call at all
    expectFailed(h.responses, /CloudFormation did not confirm this Update event.*CREATE_COMPLETE.*not updating it.*nothing was changed/);
    expect(h.fake.calls).toEqual([]);
    expect(h.fake.snapshot()).toEqual(before);
  });

  it('refuses a hand-made Create of a backdoor role for a stack that is not creating it', async () => {
    await teamARole();
    await h.forge(simulateEvent('Create', { ...BASE, RoleNameSuffix: 'backdoor' }, { logicalId: 'Backdoor' }));
    expectFailed(h.responses, /did not confirm this Create event.*no resource with this logical id/);
    expect(h.fake.roles.has('SageMaker-backdoor')).toBe(false);
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses a hand-made Delete of team A\'s role', async () => {
    await teamARole();
    await h.forge(simulateEvent('Delete', BASE, { physicalId: ROLE }));
    expectFailed(h.responses, /did not confirm this Delete event/);
    expect(h.fake.roles.get(ROLE)?.tags).toEqual(expect.arrayContaining([{ Key: OwnershipTag.StackId, Value: STACK_ID }]));
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses an event for a stack of another account or region without asking CloudFormation', async () => {
    h = createHarness();
    for (const stackId of [STACK_ID.replace('111122223333', '444455556666'), STACK_ID.replace('us-east-1', 'eu-west-1')]) {
      h.cfn.expectEvent(simulateEvent('Create', BASE, { stackId }));
      await h.forge(simulateEvent('Create', BASE, { stackId }));
    }
    expect(h.responses.map((r) => r.body.Reason)).toEqual([expect.stringMatching(/not in this provider's account 111122223333 and region us-east-1/), expect.stringMatching(/not in this provider's account/)]);
    expect(h.cfn.calls).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses an event whose stack does not exist', async () => {
    h = createHarness();
    await h.forge(simulateEvent('Create', BASE));
    expectFailed(h.responses, /no such stack/);
    expect(h.fake.calls).toEqual([]);
  });

  it('sends no answer and makes no call when the ResponseURL is not CloudFormation\'s, only a log line', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    h = createHarness();
    await h.invoke(simulateEvent('Create', BASE, { responseUrl: 'https://attacker.example/collect' }));
    expect(h.responses).toEqual([]);
    expect(h.cfn.calls).toEqual([]);
    expect(h.fake.calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith('ignoring an event that CloudFormation did not send', { why: expect.stringMatching(/attacker\.example/) });
    warn.mockRestore();
  });

  it('answers loopback URLs only when the test setting is on', async () => {
    h = createHarness({ env: { [ProviderEnv.TestAllowLoopbackResponseUrl]: 'true' } });
    expectSuccess([await h.send(simulateEvent('Create', BASE, { responseUrl: 'http://127.0.0.1:1/x' }))]);
    h.restore();
    h = createHarness();
    await h.invoke(simulateEvent('Create', BASE, { responseUrl: 'http://127.0.0.1:1/x' }));
    expect(h.responses).toEqual([]);
  });

  it('does nothing when the invocation context does not say which function it is', async () => {
    h = createHarness();
    const { createHandler } = await import('../../lambda/handler');
    const handler = createHandler({ iam: h.client, respond: async () => undefined, logger: new Logger({ logLevel: 'SILENT' }), env: {} });
    await handler(simulateEvent('Create', BASE), { getRemainingTimeInMillis: lambdaContext().getRemainingTimeInMillis });
    expect(h.fake.calls).toEqual([]);
  });
});

describe('confirmation costs and faults', () => {
  let h: Harness;
  afterEach(() => h.restore());

  it('asks CloudFormation once per event (DescribeStacks and DescribeStackResource together), and a Create once more before answering', async () => {
    h = createHarness();
    const created = expectSuccess([await h.send(simulateEvent('Create', BASE))]);
    // The second look: does the stack still wait for this Create (issue 12: a cancelled Create removes what it made)?
    expect(h.cfn.calls.map((c) => c.command).sort()).toEqual(['DescribeStackResource', 'DescribeStackResource', 'DescribeStacks', 'DescribeStacks']);
    expect(h.cfn.calls.every((c) => c.input.StackName === STACK_ID)).toBe(true);
    expect(h.cfn.calls.find((c) => c.command === 'DescribeStackResource')?.input.LogicalResourceId).toBe(LOGICAL_ID);
    h.cfn.calls.length = 0;
    expectSuccess([await h.send(simulateEvent('Update', BASE, { physicalId: created.PhysicalResourceId, oldProps: BASE }))]);
    expect(h.cfn.calls.map((c) => c.command).sort()).toEqual(['DescribeStackResource', 'DescribeStacks']);
  });

  it('retries CloudFormation throttling and then proceeds', async () => {
    h = createHarness();
    h.cfn.failNext(() => cfnErrors.throttling(), 3);
    expectSuccess([await h.send(simulateEvent('Create', BASE))]);
    expect(h.fake.roles.has(ROLE)).toBe(true);
  });

  it('fails clearly, without touching IAM, when the execution role may not ask CloudFormation', async () => {
    h = createHarness();
    h.cfn.failNext(() => cfnErrors.accessDenied('not authorized to perform: cloudformation:DescribeStacks'), 2);
    const res = await h.send(simulateEvent('Create', BASE));
    expectFailed([res], /could not confirm this Create event with CloudFormation \(AccessDenied.*needs cloudformation:DescribeStacks/);
    expect(h.fake.calls).toEqual([]);
  });
});
