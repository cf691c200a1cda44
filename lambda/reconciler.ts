// Plan vs actual: the list of IAM writes that makes the role match the plan,
// and nothing more. Pure: it decides which calls, never which permissions.
import { policyJson } from '../src/policy-engine/policy-json';
import type { PolicyDocument, RolePlan, Tag } from '../src/policy-engine/types';
import type { ActualPolicy, ActualRole } from './iam-ops/read';
import { canonicalDocument } from './iam-ops/session';
import { isOwnershipKey, type Owner, ownershipTags } from './ownership';

export interface NamedDocument {
  name: string;
  json: string;
}

export interface RoleChanges {
  trust?: string;
  /** UpdateRole carries both; sent when either differs. */
  roleSettings?: { description: string; maxSessionDuration: number };
  boundary?: { put: string } | { remove: true };
  tagsToSet: Tag[];
  tagKeysToRemove: string[];
  inlineToDelete: string[];
  inlineToPut: NamedDocument[];
  detach: string[];
  managedToCreate: NamedDocument[];
  managedToVersion: (NamedDocument & { arn: string })[];
  attach: string[];
  managedToDelete: ActualPolicy[];
}

/** The JSON sent to IAM: the engine's canonical serialization, the one its quotas were counted on. */
export function documentJson<S>(doc: PolicyDocument<S>): string {
  return policyJson(doc);
}

export function desiredTags(plan: RolePlan, owner: Owner): Tag[] {
  const user = plan.tags.filter((t) => !isOwnershipKey(t.Key));
  return [...user, ...ownershipTags(owner)];
}

function sameDocument(a: string, b: string): boolean {
  return canonicalDocument(a) === canonicalDocument(b);
}

export function diffRole(plan: RolePlan, actual: ActualRole, owner: Owner, policyArn: (name: string) => string): RoleChanges {
  const trust = documentJson(plan.trustPolicy);
  const changes: RoleChanges = {
    tagsToSet: [],
    tagKeysToRemove: [],
    inlineToDelete: [],
    inlineToPut: [],
    detach: [],
    managedToCreate: [],
    managedToVersion: [],
    attach: [],
    managedToDelete: [],
  };
  if (!sameDocument(actual.trust, trust)) changes.trust = trust;
  if (actual.description !== plan.description || actual.maxSessionDuration !== plan.maxSessionDuration) {
    changes.roleSettings = { description: plan.description, maxSessionDuration: plan.maxSessionDuration };
  }
  if (plan.permissionsBoundary && plan.permissionsBoundary !== actual.boundary) changes.boundary = { put: plan.permissionsBoundary };
  else if (!plan.permissionsBoundary && actual.boundary) changes.boundary = { remove: true };

  const wantTags = desiredTags(plan, owner);
  const haveTags = new Map(actual.tags.map((t) => [t.Key, t.Value]));
  changes.tagsToSet = wantTags.filter((t) => haveTags.get(t.Key) !== t.Value);
  const wantKeys = new Set(wantTags.map((t) => t.Key));
  // aws: tags are system-managed and cannot be removed.
  changes.tagKeysToRemove = actual.tags.map((t) => t.Key).filter((k) => !wantKeys.has(k) && !k.startsWith('aws:'));

  const wantInline = new Map(plan.inlinePolicies.map((p) => [p.name, documentJson(p.document)]));
  changes.inlineToDelete = [...actual.inline.keys()].filter((name) => !wantInline.has(name));
  for (const [name, json] of wantInline) {
    const have = actual.inline.get(name);
    if (have === undefined || !sameDocument(have, json)) changes.inlineToPut.push({ name, json });
  }

  const wantManaged = new Map(plan.managedPolicies.map((p) => [p.name, documentJson(p.document)]));
  for (const [name, json] of wantManaged) {
    const have = actual.owned.get(name);
    if (!have) changes.managedToCreate.push({ name, json });
    else if (!sameDocument(have.document, json)) changes.managedToVersion.push({ name, json, arn: have.arn });
  }
  changes.managedToDelete = [...actual.owned.values()].filter((p) => !wantManaged.has(p.name));

  const wantAttached = new Set([...plan.managedPolicyArns, ...[...wantManaged.keys()].map(policyArn)]);
  const attached = new Set(actual.attachedArns);
  changes.detach = actual.attachedArns.filter((arn) => !wantAttached.has(arn));
  changes.attach = [...wantAttached].filter((arn) => !attached.has(arn));
  return changes;
}

/** Number of IAM write calls applying the changes takes (policy deletion counted as one; extra versions add more). */
export function countWrites(c: RoleChanges): number {
  return (
    (c.trust ? 1 : 0) +
    (c.roleSettings ? 1 : 0) +
    (c.boundary ? 1 : 0) +
    (c.tagsToSet.length ? 1 : 0) +
    (c.tagKeysToRemove.length ? 1 : 0) +
    c.inlineToDelete.length +
    c.inlineToPut.length +
    c.detach.length +
    c.managedToCreate.length +
    c.managedToVersion.length +
    c.attach.length +
    c.managedToDelete.length
  );
}
