// Ownership: every role and managed policy the provider creates carries the
// stack id and logical id. Nothing without both matching is modified or deleted.
import { OwnershipTag } from '../src/policy-engine/names';
import type { Tag } from '../src/policy-engine/types';

export interface Owner {
  stackId: string;
  logicalId: string;
}

export function ownershipTags(owner: Owner): Tag[] {
  return [
    { Key: OwnershipTag.StackId, Value: owner.stackId },
    { Key: OwnershipTag.LogicalId, Value: owner.logicalId },
  ];
}

interface TagLike {
  Key?: string;
  Value?: string;
}

export function isOwnedBy(tags: readonly TagLike[] | undefined, owner: Owner): boolean {
  const value = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  return value(OwnershipTag.StackId) === owner.stackId && value(OwnershipTag.LogicalId) === owner.logicalId;
}

export function isOwnershipKey(key: string | undefined): boolean {
  return key === OwnershipTag.StackId || key === OwnershipTag.LogicalId;
}
