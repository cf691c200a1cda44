// Managed policies the provider owns: create with ownership tags, publish a new
// default version within IAM's 5-version limit, delete with all versions.
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { PROVIDER_IAM_PATH } from '../../src/policy-engine/names';
import { OwnershipError } from '../errors';
import { ownershipTags } from '../ownership';
import { getOwnedPolicy } from './read';
import {
  call,
  type CallOptions,
  canonicalDocument,
  type IamSession,
  isAlreadyExists,
  isDeleteConflict,
  isLimitExceeded,
  isNoSuchEntity,
  OWNED_POLICY_PATH,
  ownedPolicyArn,
  paginate,
} from './session';

export const POLICY_DESCRIPTION = 'Permissions of a Custom::SageMakerPersonaRole; managed by its provider';

/**
 * Creates the policy; if one of that name already carries our tags (left by an
 * interrupted event, a concurrent delivery, or our own call whose response was
 * lost) it is brought to the document instead. Returns the ARN, whether this
 * call created it, and whether it existed before this call's first attempt.
 */
export async function createOwnedPolicy(
  s: IamSession,
  name: string,
  json: string,
): Promise<{ arn: string; created: boolean; preexisting: boolean }> {
  let attempts = 0;
  try {
    const res = await call(s, () => {
      attempts++;
      return s.client.send(
        new CreatePolicyCommand({
          PolicyName: name,
          Path: OWNED_POLICY_PATH,
          PolicyDocument: json,
          Description: POLICY_DESCRIPTION,
          Tags: ownershipTags(s.owner),
        }),
      );
    });
    return { arn: res.Policy?.Arn ?? ownedPolicyArn(s, name), created: true, preexisting: false };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const arn = ownedPolicyArn(s, name);
    // EntityAlreadyExists proves it exists: NoSuchEntity on the read is lag, retried a bounded number of times.
    const existing = await getOwnedPolicy(s, arn, { consistency: 'fresh-policy' });
    if (existing === 'foreign') {
      throw new OwnershipError(
        `managed policy ${name} already exists and was not created by this resource (no matching ownership tags); refusing to adopt it. Delete or rename it.`,
      );
    }
    if (!existing) {
      // Policy names are unique in an account whatever the path: the name is taken outside the provider's path.
      throw new OwnershipError(
        `managed policy ${name} already exists outside ${PROVIDER_IAM_PATH}, where this provider keeps its policies; refusing to adopt it. Delete or rename it.`,
        { cause: err },
      );
    }
    if (canonicalDocument(existing.document) !== canonicalDocument(json)) await publishVersion(s, arn, json);
    // EntityAlreadyExists on the first attempt: it existed before this invocation (no earlier attempt of ours was applied).
    return { arn, created: false, preexisting: attempts === 1 };
  }
}

/**
 * New default version. At IAM's 5-version limit the oldest non-default version
 * is removed first; a concurrent delivery may be doing the same, so this is
 * repeated a few times and a version already gone counts as removed.
 */
export async function publishVersion(s: IamSession, arn: string, json: string): Promise<void> {
  const create = () =>
    call(s, () => s.client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: json, SetAsDefault: true })));
  for (let attempt = 0; ; attempt++) {
    try {
      await create();
      return;
    } catch (err) {
      if (!isLimitExceeded(err) || attempt >= 3) throw err;
      const versions = await listVersions(s, arn);
      const oldest = versions
        .filter((v) => !v.isDefault)
        .sort((a, b) => a.created - b.created || versionNumber(a.id) - versionNumber(b.id))[0];
      if (!oldest) throw err;
      await call(s, () => s.client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.id }))).catch(ignoreMissing);
    }
  }
}

interface VersionInfo {
  id: string;
  isDefault: boolean;
  created: number;
}

function versionNumber(id: string): number {
  return Number(id.replace(/^v/, '')) || 0;
}

async function listVersions(s: IamSession, arn: string, options: CallOptions = {}): Promise<VersionInfo[]> {
  return paginate(async (marker) => {
    const res = await call(s, () => s.client.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: marker })), options);
    return {
      items: (res.Versions ?? []).map((v) => ({
        id: v.VersionId ?? '',
        isDefault: v.IsDefaultVersion === true,
        created: v.CreateDate ? new Date(v.CreateDate).getTime() : 0,
      })),
      marker: res.Marker,
      truncated: res.IsTruncated,
    };
  });
}

/** Attempts at deleting a policy that IAM refuses with DeleteConflict (a version or attachment added concurrently). */
const DELETE_CONFLICT_ATTEMPTS = 5;

/**
 * Deletes every non-default version, then the policy. Missing counts as
 * deleted. Caller has checked ownership and detached it; refused with
 * DeleteConflict (a concurrent delivery attached it again), it is detached
 * from `detachFrom`, our role, and the delete is retried.
 */
export async function deleteOwnedPolicy(s: IamSession, arn: string, options: CallOptions & { detachFrom?: string } = {}): Promise<void> {
  const { detachFrom, ...callOptions } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      const versions = await listVersions(s, arn, callOptions);
      for (const v of versions.filter((x) => !x.isDefault)) {
        await call(s, () => s.client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.id })), callOptions).catch(
          ignoreMissing,
        );
      }
      await call(s, () => s.client.send(new DeletePolicyCommand({ PolicyArn: arn })), callOptions);
      return;
    } catch (err) {
      if (isNoSuchEntity(err)) return;
      if (!isDeleteConflict(err)) throw err;
      if (attempt >= DELETE_CONFLICT_ATTEMPTS) {
        // Still refused: unless another delivery has deleted it meanwhile, it stays attached somewhere.
        if ((await getOwnedPolicy(s, arn, callOptions)) === undefined) return;
        throw err;
      }
      if (detachFrom !== undefined) {
        await call(s, () => s.client.send(new DetachRolePolicyCommand({ RoleName: detachFrom, PolicyArn: arn })), callOptions).catch(ignoreMissing);
      }
    }
  }
}

export function ignoreMissing(err: unknown): void {
  if (!isNoSuchEntity(err)) throw err;
}
