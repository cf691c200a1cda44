// IAM's AccessDenied, said in the provider stack's terms: which guardrail or
// fence of the execution role refused the call, and how to change it.
import { errorCode, errorMessage } from './errors';

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

function hint(action: string): string {
  switch (action) {
    case 'iam:AttachRolePolicy':
      return "the policy is not in the provider stack's AllowedManagedPolicyArns (or the role lacks its PermissionsBoundaryArn); add the policy ARN to that parameter and update the provider stack";
    case 'iam:CreateRole':
    case 'iam:PutRolePolicy':
    case 'iam:UpdateAssumeRolePolicy':
    case 'iam:PutRolePermissionsBoundary':
      return "the role must carry the provider stack's PermissionsBoundaryArn and live under /sagemaker-persona-role/ with a Path inside the provider's RolePathPrefix; change Path, or the provider stack's RolePathPrefix / PermissionsBoundaryArn parameters";
    case 'iam:DeleteRolePermissionsBoundary':
      return "the provider stack enforces PermissionsBoundaryArn, which no role may lose; clear that parameter to allow it";
    case 'cloudformation:DescribeStacks':
    case 'cloudformation:DescribeStackResource':
      return "the execution role must be able to read this account's stacks (policy confirm-events of cfn/provider.yaml); redeploy the provider stack from the released template";
    default:
      return "the execution role reaches only SageMaker-* roles and policies under /sagemaker-persona-role/ that carry this provider's ownership tags, and only from the provider function itself; an entity created or changed by hand outside these fences must be fixed by an administrator";
  }
}

/** A FAILED reason for an AccessDenied, or undefined for any other error. */
export function explainAccessDenied(err: unknown): string | undefined {
  if (!ACCESS_DENIED.has(errorCode(err))) return undefined;
  const message = errorMessage(err);
  const action = /not authorized to perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1] ?? 'the call';
  const on = /on resource:\s*(\S+)/.exec(message)?.[1];
  return `IAM denied ${action}${on ? ` on ${on}` : ''} to the provider's execution role: ${hint(action)}. (${message.slice(0, 300)})`;
}
