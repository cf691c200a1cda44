// Where the resource lives, read from the StackId ARN that CloudFormation sends
// with every event: the role is created in that partition and account.
import { EventError } from './errors';

export interface StackContext {
  partition: string;
  region: string;
  account: string;
  stackName: string;
  stackId: string;
}

// arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>
const STACK_ID = /^arn:(aws|aws-cn|aws-us-gov):cloudformation:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):stack\/([A-Za-z][A-Za-z0-9-]{0,127})\/([A-Za-z0-9-]{1,64})$/;

export function parseStackId(stackId: string): StackContext {
  const m = STACK_ID.exec(stackId);
  if (!m) {
    throw new EventError(
      `StackId ${JSON.stringify(stackId.slice(0, 200))} is not a CloudFormation stack ARN (arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>)`,
    );
  }
  return { partition: m[1], region: m[2], account: m[3], stackName: m[4], stackId };
}

/** Who the provider is: its own function, from the ARN Lambda invoked (context.invokedFunctionArn). */
export interface ProviderSelf {
  partition: string;
  region: string;
  account: string;
  /** Unqualified function ARN. */
  functionArn: string;
}

// arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
const FUNCTION_ARN = /^arn:(aws|aws-cn|aws-us-gov):lambda:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?$/;

export function parseFunctionArn(arn: string | undefined): ProviderSelf | undefined {
  const m = arn === undefined ? null : FUNCTION_ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], region: m[2], account: m[3], functionArn: `arn:${m[1]}:lambda:${m[2]}:${m[3]}:function:${m[4]}` };
}
