// An in-memory CloudFormation that answers the two read calls the provider
// uses to confirm an event (DescribeStacks, DescribeStackResource), through
// aws-sdk-client-mock or over HTTP (Query protocol, for the built bundle).
// By default it plays CloudFormation's part: before an event is delivered,
// `expectEvent` moves the stack into the state in which CloudFormation sends
// that request, and `observeAnswer` records what CloudFormation does with the
// provider's answer. A test that forges an event simply skips `expectEvent`.
import * as cfn from '@aws-sdk/client-cloudformation';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { startQueryEndpoint, type QueryEndpoint } from './iam-http';

export interface FakeStackResource {
  type: string;
  status: string;
  physicalId?: string;
}

export interface FakeStack {
  stackId: string;
  stackName: string;
  status: string;
  resources: Map<string, FakeStackResource>;
}

export interface CfnCall {
  command: string;
  input: Record<string, unknown>;
}

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });

export const cfnErrors = {
  validation: (message: string) => new cfn.CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message, ...meta(400) }),
  throttling: (message = 'Rate exceeded') => new cfn.CloudFormationServiceException({ name: 'Throttling', $fault: 'client', message, ...meta(400) }),
  accessDenied: (message: string) => new cfn.CloudFormationServiceException({ name: 'AccessDenied', $fault: 'client', message, ...meta(403) }),
};

const STACK_ARN = /^arn:[\w-]+:cloudformation:[\w-]+:\d{12}:stack\/([^/]+)\/[^/]+$/;

type EventLike = Record<string, unknown>;
const text = (e: EventLike, key: string): string | undefined => (typeof e[key] === 'string' ? (e[key] as string) : undefined);

export class FakeCloudFormation {
  readonly stacks = new Map<string, FakeStack>();
  readonly calls: CfnCall[] = [];
  private faults: (() => Error)[] = [];
  /** Delay per call; uses the injected sleep so benches can simulate time. */
  latencyMs = 0;
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Creates or replaces a stack in the given state. */
  putStack(stackId: string, status: string, resources: Record<string, FakeStackResource> = {}): FakeStack {
    const stack: FakeStack = { stackId, stackName: STACK_ARN.exec(stackId)?.[1] ?? stackId, status, resources: new Map(Object.entries(resources)) };
    this.stacks.set(stackId, stack);
    return stack;
  }

  /** The next `times` calls fail with the given error. */
  failNext(error: () => Error, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(error);
  }

  /** CloudFormation's side of sending this event: the stack and resource move into the state it sends it in. */
  expectEvent(event: unknown): void {
    if (!event || typeof event !== 'object') return;
    const e = event as EventLike;
    const stackId = text(e, 'StackId');
    const logicalId = text(e, 'LogicalResourceId');
    const type = text(e, 'ResourceType');
    if (!stackId || !logicalId || !type) return;
    const stack = this.stacks.get(stackId) ?? this.putStack(stackId, 'CREATE_IN_PROGRESS');
    const current = stack.resources.get(logicalId);
    const physicalId = text(e, 'PhysicalResourceId');
    switch (text(e, 'RequestType')) {
      case 'Create':
        stack.status = stack.status.startsWith('CREATE') || stack.status === 'REVIEW_IN_PROGRESS' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
        stack.resources.set(logicalId, { type, status: 'CREATE_IN_PROGRESS' });
        break;
      case 'Update':
        if (stack.status !== 'UPDATE_ROLLBACK_IN_PROGRESS') stack.status = 'UPDATE_IN_PROGRESS';
        stack.resources.set(logicalId, { type, status: 'UPDATE_IN_PROGRESS', physicalId });
        break;
      case 'Delete':
        if (current?.physicalId !== undefined && current.physicalId !== physicalId && !current.status.startsWith('DELETE')) {
          // The role a replacement left behind: deleted in the cleanup phase, the resource itself stays.
          stack.status = stack.status.startsWith('UPDATE_ROLLBACK') ? 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
        } else {
          if (!['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'].includes(stack.status)) stack.status = 'DELETE_IN_PROGRESS';
          stack.resources.set(logicalId, { type, status: 'DELETE_IN_PROGRESS', physicalId });
        }
        break;
    }
  }

  /** What CloudFormation does with an answer: it records the physical id and the outcome. */
  observeAnswer(event: unknown, answer: { Status: string; PhysicalResourceId: string }): void {
    if (!event || typeof event !== 'object') return;
    const e = event as EventLike;
    const stack = this.stacks.get(text(e, 'StackId') ?? '');
    const logicalId = text(e, 'LogicalResourceId') ?? '';
    const resource = stack?.resources.get(logicalId);
    if (!stack || !resource) return;
    const ok = answer.Status === 'SUCCESS';
    switch (text(e, 'RequestType')) {
      case 'Create':
        if (resource.status !== 'CREATE_IN_PROGRESS') return;
        stack.resources.set(logicalId, { ...resource, status: ok ? 'CREATE_COMPLETE' : 'CREATE_FAILED', physicalId: answer.PhysicalResourceId });
        stack.status = ok ? stack.status.replace('IN_PROGRESS', 'COMPLETE') : stack.status.startsWith('CREATE') ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS';
        break;
      case 'Update':
        if (resource.status !== 'UPDATE_IN_PROGRESS') return;
        stack.resources.set(logicalId, { ...resource, status: ok ? 'UPDATE_COMPLETE' : 'UPDATE_FAILED', physicalId: ok ? answer.PhysicalResourceId : resource.physicalId });
        stack.status = ok ? stack.status.replace('_IN_PROGRESS', '_COMPLETE') : 'UPDATE_ROLLBACK_IN_PROGRESS';
        break;
      case 'Delete':
        if (stack.status.endsWith('CLEANUP_IN_PROGRESS')) stack.status = stack.status.replace('_CLEANUP_IN_PROGRESS', '');
        else if (resource.status === 'DELETE_IN_PROGRESS') stack.resources.set(logicalId, { ...resource, status: ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED' });
        break;
    }
  }

  /** One API call, as CloudFormation answers it. */
  async handle(command: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.calls.push({ command, input: structuredClone(input) });
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    const fault = this.faults.shift();
    if (fault) throw fault();
    const name = String(input.StackName ?? '');
    // Stacks are looked up by id; a name finds the stack of that name (deleted ones only by id, as in CloudFormation).
    const stack = this.stacks.get(name) ?? [...this.stacks.values()].find((s) => s.stackName === name && s.status !== 'DELETE_COMPLETE');
    if (!stack) throw cfnErrors.validation(`Stack with id ${name} does not exist`);
    switch (command) {
      case 'DescribeStacks':
        return { Stacks: [{ StackId: stack.stackId, StackName: stack.stackName, StackStatus: stack.status, CreationTime: new Date(0) }] };
      case 'DescribeStackResource': {
        const logicalId = String(input.LogicalResourceId ?? '');
        const r = stack.resources.get(logicalId);
        if (!r) throw cfnErrors.validation(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
        return {
          StackResourceDetail: {
            StackName: stack.stackName,
            StackId: stack.stackId,
            LogicalResourceId: logicalId,
            ...(r.physicalId !== undefined ? { PhysicalResourceId: r.physicalId } : {}),
            ResourceType: r.type,
            LastUpdatedTimestamp: new Date(0),
            ResourceStatus: r.status,
          },
        };
      }
      default:
        throw cfnErrors.validation(`${command} is not implemented by the CloudFormation stand-in`);
    }
  }
}

export type CfnMock = AwsStub<cfn.ServiceInputTypes, cfn.ServiceOutputTypes, cfn.CloudFormationClientResolvedConfig>;

export interface InstalledCfn {
  cfn: FakeCloudFormation;
  cfnMock: CfnMock;
  cfnClient: cfn.CloudFormationClient;
  restoreCfn(): void;
}

/** Answers the provider's CloudFormation client from the stand-in through aws-sdk-client-mock. */
export function installFakeCloudFormation(fake = new FakeCloudFormation()): InstalledCfn {
  const mock = mockClient(cfn.CloudFormationClient);
  mock.on(cfn.DescribeStacksCommand).callsFake((input: Record<string, unknown>) => fake.handle('DescribeStacks', input));
  mock.on(cfn.DescribeStackResourceCommand).callsFake((input: Record<string, unknown>) => fake.handle('DescribeStackResource', input));
  return {
    cfn: fake,
    cfnMock: mock,
    cfnClient: new cfn.CloudFormationClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
    restoreCfn: () => mock.restore(),
  };
}

/** CloudFormation's Query protocol on 127.0.0.1 (AWS_ENDPOINT_URL_CLOUDFORMATION), answered by the stand-in. */
export function startCloudFormationEndpoint(fake = new FakeCloudFormation()): Promise<QueryEndpoint<FakeCloudFormation>> {
  return startQueryEndpoint(fake, 'http://cloudformation.amazonaws.com/doc/2010-05-15/');
}
