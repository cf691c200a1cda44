// Role names: `SageMaker-<RoleNameSuffix>`, or generated from the stack and
// logical id with a short hash so it is stable across updates, unique per
// stack, and at most 64 characters. The hash covers the path, so a Path change
// with a generated name yields a new name and CloudFormation can replace.

import { ROLE_NAME_PREFIX } from './names';
import type { RolePlan } from './types';

export const MAX_ROLE_NAME = 64;
const HASH_CHARS = 8;

/** 32-bit FNV-1a over the UTF-16 code units: tiny, pure and stable across platforms. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(HASH_CHARS, '0');
}

export interface RoleNameInput {
  roleNameSuffix?: string;
  path: string;
  stackName: string;
  stackId: string;
  logicalId: string;
}

export function roleName(input: RoleNameInput): string {
  if (input.roleNameSuffix !== undefined) return `${ROLE_NAME_PREFIX}${input.roleNameSuffix}`;
  const readable = [input.stackName, input.logicalId]
    .filter((part) => part.length > 0)
    .join('-')
    .replace(/[^A-Za-z0-9+=,.@_-]/g, '-');
  const room = MAX_ROLE_NAME - ROLE_NAME_PREFIX.length - 1 - HASH_CHARS;
  const hash = fnv1a(`${input.stackId}\n${input.logicalId}\n${input.path}`);
  return `${ROLE_NAME_PREFIX}${readable.slice(0, room)}-${hash}`;
}

/** IAM cannot rename a role or move it to another path: either change means a new role. */
export function requiresReplacement(oldPlan: Pick<RolePlan, 'roleName' | 'path'>, newPlan: Pick<RolePlan, 'roleName' | 'path'>): boolean {
  return oldPlan.roleName !== newPlan.roleName || oldPlan.path !== newPlan.path;
}

/**
 * Replacement creates the new role before CloudFormation deletes the old one,
 * and role names are unique across paths: a Path change under a fixed
 * RoleNameSuffix cannot work. Returns the message to fail the update with.
 */
export function replacementConflict(
  oldPlan: Pick<RolePlan, 'roleName' | 'path'>,
  newPlan: Pick<RolePlan, 'roleName' | 'path'>,
): string | undefined {
  if (oldPlan.roleName !== newPlan.roleName || oldPlan.path === newPlan.path) return undefined;
  return (
    `Path cannot change from "${oldPlan.path}" to "${newPlan.path}" while the role name stays ${newPlan.roleName}: ` +
    'moving a role to another path means replacing it, and IAM role names are unique across paths. ' +
    'Change RoleNameSuffix together with Path, or omit RoleNameSuffix so the name is generated.'
  );
}
