// One warm Lambda container for the end-to-end tests, run under any Node
// binary (the Lambda runtime's Node 22 included): loads the built bundle once,
// then invokes its handler for each event it reads from stdin (one JSON line),
// writing "@@done <RequestId>" on stdout when the invocation resolved.
'use strict';
const readline = require('node:readline');

const { handler } = require(process.argv[2]);
let queue = Promise.resolve();

function context() {
  const end = Date.now() + 60000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'persona-role-provider',
    functionVersion: '$LATEST',
    invokedFunctionArn: process.env.E2E_FUNCTION_ARN || 'arn:aws:lambda:us-east-1:111122223333:function:persona-role-provider',
    memoryLimitInMB: '256',
    awsRequestId: 'lambda-req',
    logGroupName: '/aws/lambda/persona-role-provider',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => end - Date.now(),
  };
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const event = JSON.parse(line);
  queue = queue.then(async () => {
    try {
      await handler(event, context());
      process.stdout.write(`\n@@done ${event.RequestId}\n`);
    } catch (err) {
      process.stdout.write(`\n@@threw ${event.RequestId} ${String(err && err.name)}\n`);
    }
  });
});
