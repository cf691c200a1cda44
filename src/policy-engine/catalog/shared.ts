// Statement builders that several activities grant identically; sharing them
// lets the merger fold them into one statement.

import type { StatementSpec } from './model';

/** iam:PassRole on exactly the given roles, and only to SageMaker. */
export function passRolesToSageMaker(roleArns: readonly string[]): StatementSpec {
  return {
    actions: ['iam:PassRole'],
    resources: roleArns,
    conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
  };
}
