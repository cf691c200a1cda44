// Reads what IAM actually has for a role, so the reconciler can diff the plan
// against reality rather than against what the last event asked for.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { PROVIDER_IAM_PATH, ROLE_NAME_PREFIX } from '../../src/policy-engine/names';
import type { Tag } from '../../src/policy-engine/types';
import { mapLimit, IAM_CONCURRENCY } from '../concurrency';
import { isOwnedBy } from '../ownership';
import { call, type CallOptions, decodeDocument, type IamSession, isNoSuchEntity, ownedPolicyArn, paginate } from './session';

export interface ActualPolicy {
  arn: string;
  name: string;
  defaultVersionId: string;
  document: string;
}

export interface ActualRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  description: string;
  maxSessionDuration: number;
  boundary?: string;
  trust: string;
  tags: Tag[];
  inline: Map<string, string>;
  attachedArns: string[];
  /** Managed policies carrying our ownership tags, by name. */
  owned: Map<string, ActualPolicy>;
}

export async function getRole(s: IamSession, name: string, options: CallOptions = {}): Promise<Role | undefined> {
  try {
    const res = await call(s, () => s.client.send(new GetRoleCommand({ RoleName: name })), options);
    return res.Role;
  } catch (err) {
    if (isNoSuchEntity(err)) return undefined;
    throw err;
  }
}

export function roleTags(role: Role): Tag[] {
  return (role.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** The policy if it exists and carries our ownership tags; undefined when missing. Foreign policies are reported as 'foreign'. */
export async function getOwnedPolicy(s: IamSession, arn: string, options: CallOptions = {}): Promise<ActualPolicy | 'foreign' | undefined> {
  let policy;
  try {
    policy = (await call(s, () => s.client.send(new GetPolicyCommand({ PolicyArn: arn })), options)).Policy;
  } catch (err) {
    if (isNoSuchEntity(err)) return undefined;
    throw err;
  }
  if (!policy || !isOwnedBy(policy.Tags, s.owner)) return 'foreign';
  const versionId = policy.DefaultVersionId ?? 'v1';
  const version = await call(
    s,
    () => s.client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
    options,
  );
  return {
    arn,
    name: policy.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
    defaultVersionId: versionId,
    document: decodeDocument(version.PolicyVersion?.Document),
  };
}

/** True for an ARN the provider could have created: a customer policy named SageMaker-* directly under its path in this account. */
export function mayBeOwnedPolicyArn(s: IamSession, arn: string): boolean {
  const prefix = `arn:${s.partition}:iam::${s.account}:policy${PROVIDER_IAM_PATH}`;
  return arn.startsWith(prefix) && arn.slice(prefix.length).startsWith(ROLE_NAME_PREFIX) && !arn.slice(prefix.length).includes('/');
}

export async function listAttachedArns(s: IamSession, roleName: string, options: CallOptions = {}): Promise<string[]> {
  return paginate(async (marker) => {
    const res = await call(s, () => s.client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker })), options);
    return { items: (res.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''), marker: res.Marker, truncated: res.IsTruncated };
  });
}

export async function listInlineNames(s: IamSession, roleName: string, options: CallOptions = {}): Promise<string[]> {
  return paginate(async (marker) => {
    const res = await call(s, () => s.client.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker })), options);
    return { items: res.PolicyNames ?? [], marker: res.Marker, truncated: res.IsTruncated };
  });
}

/**
 * Full state of an owned role. `plannedPolicyNames` are the owned managed
 * policies the plan wants: those found unattached (left over from an
 * interrupted event) are picked up too instead of colliding on create.
 */
export async function readRoleState(s: IamSession, role: Role, plannedPolicyNames: readonly string[]): Promise<ActualRole> {
  const name = role.RoleName ?? '';
  const [inlineNames, attachedArns] = await Promise.all([listInlineNames(s, name), listAttachedArns(s, name)]);
  const inlineEntries = await mapLimit(inlineNames, IAM_CONCURRENCY, async (policyName) => {
    const res = await call(s, () => s.client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
    return [policyName, decodeDocument(res.PolicyDocument)] as const;
  });
  const candidates = new Set(attachedArns.filter((arn) => mayBeOwnedPolicyArn(s, arn)));
  for (const planned of plannedPolicyNames) candidates.add(ownedPolicyArn(s, planned));
  const owned = new Map<string, ActualPolicy>();
  await mapLimit([...candidates], IAM_CONCURRENCY, async (arn) => {
    const policy = await getOwnedPolicy(s, arn);
    if (policy && policy !== 'foreign') owned.set(policy.name, policy);
  });
  return {
    name,
    id: role.RoleId ?? '',
    arn: role.Arn ?? '',
    path: role.Path ?? '/',
    description: role.Description ?? '',
    maxSessionDuration: role.MaxSessionDuration ?? 3600,
    boundary: role.PermissionsBoundary?.PermissionsBoundaryArn,
    trust: decodeDocument(role.AssumeRolePolicyDocument),
    tags: roleTags(role),
    inline: new Map(inlineEntries),
    attachedArns,
    owned,
  };
}
