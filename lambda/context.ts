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
