// Reads what IAM actually has for a role, so the reconciler can diff the plan
// against reality rather than against what the last event asked for.
import {
  GetPolicyCommand,
  ListPoliciesCommand,
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
import {
  call,
  type CallOptions,
  decodeDocument,
  type IamSession,
  isNoSuchEntity,
  OWNED_POLICY_PATH,
  ownedPolicyArn,
  paginate,
  policyEntity,
  roleEntity,
} from './session';

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
    const res = await call(s, () => s.client.send(new GetRoleCommand({ RoleName: name })), { ...options, entity: roleEntity(name) });
    return res.Role;
  } catch (err) {
    if (isNoSuchEntity(err)) return undefined;
    throw err;
  }
}

export function roleTags(role: Role): Tag[] {
  return (role.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/**
 * The policy if it exists and carries our ownership tags; undefined when
 * missing. Foreign policies are reported as 'foreign'. A concurrent delivery
 * may publish a version and prune the one just read: the read is repeated.
 */
export async function getOwnedPolicy(s: IamSession, arn: string, options: CallOptions = {}): Promise<ActualPolicy | 'foreign' | undefined> {
  for (let attempt = 0; ; attempt++) {
    let policy;
    try {
      policy = (await call(s, () => s.client.send(new GetPolicyCommand({ PolicyArn: arn })), { ...options, entity: policyEntity(arn) })).Policy;
    } catch (err) {
      if (isNoSuchEntity(err)) return undefined;
      throw err;
    }
    if (!policy || !isOwnedBy(policy.Tags, s.owner)) return 'foreign';
    const versionId = policy.DefaultVersionId ?? 'v1';
    try {
      const version = await call(s, () => s.client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })), {
        ...options,
        entity: policyEntity(arn),
      });
      return {
        arn,
        name: policy.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
        defaultVersionId: versionId,
        document: decodeDocument(version.PolicyVersion?.Document),
      };
    } catch (err) {
      if (!isNoSuchEntity(err) || attempt >= 2) throw err;
    }
  }
}

/** Our managed policies of a role are named `<role>-<n>` (see the engine's packing). */
export function isOwnedPolicyNameOf(roleName: string, policyName: string): boolean {
  return policyName.startsWith(`${roleName}-`) && /^\d+$/.test(policyName.slice(roleName.length + 1));
}

/**
 * ARNs of the managed policies that may be this role's, found by listing the
 * provider's policy path (not by attachment: a policy detached by an
 * interrupted event must still be found). Ownership is decided by the tags
 * when each is read.
 */
export async function listPolicyCandidates(s: IamSession, roleName: string): Promise<string[]> {
  const names = await paginate(async (marker) => {
    const res = await call(s, () => s.client.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: OWNED_POLICY_PATH, Marker: marker })));
    return {
      items: (res.Policies ?? []).filter((p) => isOwnedPolicyNameOf(roleName, p.PolicyName ?? '')).map((p) => p.PolicyName ?? ''),
      marker: res.Marker,
      truncated: res.IsTruncated,
    };
  });
  return names.map((name) => ownedPolicyArn(s, name));
}

/** True for an ARN the provider could have created: a customer policy named SageMaker-* directly under its path in this account. */
export function mayBeOwnedPolicyArn(s: IamSession, arn: string): boolean {
  const prefix = `arn:${s.partition}:iam::${s.account}:policy${PROVIDER_IAM_PATH}`;
  return arn.startsWith(prefix) && arn.slice(prefix.length).startsWith(ROLE_NAME_PREFIX) && !arn.slice(prefix.length).includes('/');
}

/** Our role's managed policies: attached, planned, or left unattached by an interrupted event; only those carrying our tags. */
export async function findOwnedPolicies(
  s: IamSession,
  roleName: string,
  attachedArns: readonly string[],
  plannedPolicyNames: readonly string[],
  /** Names this invocation just sent CreatePolicy for: a NoSuchEntity reading them may be lag (bounded retry). */
  freshNames: readonly string[] = [],
): Promise<Map<string, ActualPolicy>> {
  const candidates = new Set(attachedArns.filter((arn) => mayBeOwnedPolicyArn(s, arn)));
  for (const planned of plannedPolicyNames) candidates.add(ownedPolicyArn(s, planned));
  for (const arn of await listPolicyCandidates(s, roleName)) candidates.add(arn);
  const fresh = new Set(freshNames.map((name) => ownedPolicyArn(s, name)));
  const owned = new Map<string, ActualPolicy>();
  await mapLimit([...candidates], IAM_CONCURRENCY, async (arn) => {
    const policy = await getOwnedPolicy(s, arn, { consistency: fresh.has(arn) ? 'fresh-policy' : 'none' });
    if (policy && policy !== 'foreign') owned.set(policy.name, policy);
  });
  return owned;
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
    try {
      const res = await call(s, () => s.client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
      return [[policyName, decodeDocument(res.PolicyDocument)] as const];
    } catch (err) {
      // Deleted since the listing (a concurrent delivery of this event): it is not there.
      if (isNoSuchEntity(err)) return [];
      throw err;
    }
  });
  const owned = await findOwnedPolicies(s, name, attachedArns, plannedPolicyNames);
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
    inline: new Map(inlineEntries.flat()),
    attachedArns,
    owned,
  };
}
