// A stateful in-memory IAM that enforces the rules the provider must live
// with: name rules and uniqueness, policy size quotas, attachment and version
// limits, DeleteConflict, NoSuchEntity, MalformedPolicyDocument, tag limits.
// Faults (throttling, 5xx, one-shot errors, latency, visibility lag) are
// injectable. Used by the aws-sdk-client-mock wiring (iam-fake.ts) and by the
// Query-protocol HTTP endpoint of the end-to-end test (iam-http.ts).
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { OwnershipTag } from '../../src/policy-engine/names';

export const FAKE_ACCOUNT = '111122223333';
export const FAKE_PARTITION = 'aws';

export const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'CreateRole',
  'DeleteRole',
  'UpdateRole',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'TagRole',
  'UntagRole',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'RemoveRoleFromInstanceProfile',
  'AddRoleToInstanceProfile',
  'CreateInstanceProfile',
]);

export interface FakeTag {
  Key: string;
  Value: string;
}

export interface FakeRole {
  name: string;
  id: string;
  path: string;
  trust: string;
  description?: string;
  maxSessionDuration: number;
  boundary?: string;
  tags: FakeTag[];
  inline: Map<string, string>;
  attached: string[];
  created: Date;
  /** Calls of other APIs that still answer NoSuchEntity (eventual consistency). */
  invisibleFor: number;
}

export interface FakePolicyVersion {
  id: string;
  document: string;
  created: Date;
}

export interface FakePolicy {
  arn: string;
  name: string;
  path: string;
  id: string;
  description?: string;
  tags: FakeTag[];
  versions: FakePolicyVersion[];
  defaultVersion: string;
  nextVersion: number;
  created: Date;
  /** Calls of other APIs that still answer NoSuchEntity (eventual consistency). */
  invisibleFor: number;
}

export interface CallRecord {
  command: string;
  input: Record<string, unknown>;
  /** Outcome: 'ok' or the error name. */
  result: string;
  /** Who made the call, as `caller()` said (e.g. which delivery of an event). */
  caller?: string;
}

type Input = Record<string, unknown>;

interface ScheduledFault {
  command: string;
  remaining: number;
  make: () => Error;
  /** Only calls whose input matches (default: every call of the command). */
  match?: (input: Input) => boolean;
  /** 'before': the call fails without effect; 'after': it is applied, then the response is lost. */
  when: 'before' | 'after';
}

/** What a client sees when the connection drops after IAM applied the call. */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
}

export interface RateLimit {
  callsPerSecond: number;
  now: () => number;
}

export const LIMITS = {
  inlineCharsPerRole: 10_240,
  managedPolicyChars: 6_144,
  trustPolicyChars: 2_048,
  attachedPerRole: 10,
  versionsPerPolicy: 5,
  tagsPerEntity: 50,
};

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\/|\/[\x21-\x7e]{1,510}\/)$/;

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });

export const iamErrors = {
  noSuchEntity: (message: string) => new NoSuchEntityException({ message, ...meta(404) }),
  alreadyExists: (message: string) => new EntityAlreadyExistsException({ message, ...meta(409) }),
  limitExceeded: (message: string) => new LimitExceededException({ message, ...meta(409) }),
  deleteConflict: (message: string) => new DeleteConflictException({ message, ...meta(409) }),
  malformed: (message: string) => new MalformedPolicyDocumentException({ message, ...meta(400) }),
  invalidInput: (message: string) => new InvalidInputException({ message, ...meta(400) }),
  serviceFailure: (message = 'We encountered an internal error. Please try again.') =>
    new ServiceFailureException({ message, ...meta(500) }),
  validation: (message: string) =>
    new IAMServiceException({ name: 'ValidationError', $fault: 'client', message, ...meta(400) }),
  throttling: (message = 'Rate exceeded') =>
    new IAMServiceException({ name: 'Throttling', $fault: 'client', message, ...meta(400) }),
};

/** Characters IAM counts against policy quotas: everything but whitespace. */
export function policyChars(doc: string): number {
  return doc.replace(/\s/g, '').length;
}

function tagsOf(input: Input, key = 'Tags'): FakeTag[] {
  const raw = input[key];
  if (!Array.isArray(raw)) return [];
  return raw.map((t: { Key?: unknown; Value?: unknown }) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
}

function str(input: Input, key: string): string {
  const v = input[key];
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

export function isOwnershipTagged(tags: readonly FakeTag[]): boolean {
  return tags.some((t) => t.Key === OwnershipTag.StackId) && tags.some((t) => t.Key === OwnershipTag.LogicalId);
}

export class FakeIam {
  readonly roles = new Map<string, FakeRole>();
  readonly policies = new Map<string, FakePolicy>();
  readonly instanceProfiles = new Map<string, Set<string>>();
  readonly calls: CallRecord[] = [];
  /** Names the caller of each call in its record (tests attribute calls to concurrent deliveries). */
  caller?: () => string | undefined;
  /** Writes whose target role or policy lacked ownership tags (the provider must never do this). */
  readonly untaggedWrites: CallRecord[] = [];
  /** AWS managed policies that exist (arn:aws:iam::aws:policy/...). Anything else under ::aws: is NoSuchEntity. */
  readonly awsManaged = new Set<string>([
    'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
    'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    'arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess',
    'arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess',
  ]);
  private faults: ScheduledFault[] = [];
  private beforeHooks = new Map<string, (input: Input) => void | Promise<void>>();
  private idCounter = 0;
  /** Delay per call; uses the injected sleep so benches can simulate time. */
  latencyMs = 0;
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms));
  /** Calls of other APIs for which a fresh role or managed policy stays invisible. */
  visibilityLagCalls = 0;
  /**
   * Awaited before each call is applied: lets a test interleave concurrent
   * callers (two deliveries of one event) in varying orders.
   */
  interleave?: () => Promise<void>;
  /** Faults that fired, by kind ('before' = error without effect, 'after' = applied, response lost). */
  readonly faultsFired = { before: 0, after: 0 };
  rateLimit?: RateLimit;
  private rateWindow: number[] = [];
  private inFlight = 0;
  maxInFlight = 0;

  // ---- fault injection -------------------------------------------------

  /** The next `times` calls of `command` ('*' for any) fail with the error, without effect. */
  failNext(command: string, make: () => Error, times = 1, match?: (input: Input) => boolean): void {
    this.faults.push({ command, remaining: times, make, match, when: 'before' });
  }

  /** The next `times` calls of `command` are applied, then the caller gets a connection reset instead of the response. */
  loseResponse(command: string, times = 1, match?: (input: Input) => boolean): void {
    this.faults.push({ command, remaining: times, make: connectionReset, match, when: 'after' });
  }

  /** Time passes: every entity created so far becomes visible to every API. */
  settle(): void {
    for (const r of this.roles.values()) r.invisibleFor = 0;
    for (const p of this.policies.values()) p.invisibleFor = 0;
  }

  /** Drops every fault not yet used up. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Faults armed but not yet triggered. */
  pendingFaults(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }

  throttle(command: string, times = 1): void {
    this.failNext(command, () => iamErrors.throttling(), times);
  }

  serverError(command: string, times = 1): void {
    this.failNext(command, () => iamErrors.serviceFailure(), times);
  }

  /** Runs before the command is applied (e.g. a concurrent actor changing IAM mid-event). */
  before(command: string, hook: (input: Input) => void | Promise<void>): void {
    this.beforeHooks.set(command, hook);
  }

  // ---- inspection --------------------------------------------------------

  writes(): CallRecord[] {
    return this.calls.filter((c) => WRITE_COMMANDS.has(c.command));
  }

  callsOf(command: string): CallRecord[] {
    return this.calls.filter((c) => c.command === command);
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.untaggedWrites.length = 0;
  }

  policyArn(name: string, path = '/'): string {
    return `arn:${FAKE_PARTITION}:iam::${FAKE_ACCOUNT}:policy${path}${name}`;
  }

  /** Semantic state: equal snapshots mean equal permissions, settings and tags. */
  snapshot(): unknown {
    const roles = [...this.roles.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({
        name: r.name,
        path: r.path,
        trust: canonical(r.trust),
        description: r.description,
        maxSessionDuration: r.maxSessionDuration,
        boundary: r.boundary,
        tags: [...r.tags].sort((a, b) => a.Key.localeCompare(b.Key)),
        inline: [...r.inline.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]),
        attached: [...r.attached].sort(),
      }));
    const policies = [...this.policies.values()]
      .sort((a, b) => a.arn.localeCompare(b.arn))
      .map((p) => ({
        arn: p.arn,
        tags: [...p.tags].sort((a, b) => a.Key.localeCompare(b.Key)),
        document: canonical(p.versions.find((v) => v.id === p.defaultVersion)?.document ?? ''),
      }));
    return { roles, policies };
  }

  // ---- seeding (test setup; not recorded as calls) --------------------------

  seedRole(name: string, options: { tags?: FakeTag[]; path?: string; inline?: Record<string, string>; attached?: string[] } = {}): FakeRole {
    const role: FakeRole = {
      name,
      id: this.newId('AROA'),
      path: options.path ?? '/',
      trust: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      maxSessionDuration: 3600,
      tags: options.tags ?? [],
      inline: new Map(Object.entries(options.inline ?? {})),
      attached: options.attached ?? [],
      created: new Date(0),
      invisibleFor: 0,
    };
    this.roles.set(name, role);
    return role;
  }

  seedPolicy(name: string, document: string, tags: FakeTag[] = []): FakePolicy {
    const arn = this.policyArn(name);
    const policy: FakePolicy = {
      arn,
      name,
      path: '/',
      id: this.newId('ANPA'),
      tags,
      versions: [{ id: 'v1', document, created: new Date(0) }],
      defaultVersion: 'v1',
      nextVersion: 2,
      created: new Date(0),
      invisibleFor: 0,
    };
    this.policies.set(arn, policy);
    return policy;
  }

  // ---- dispatch ------------------------------------------------------------

  async handle(command: string, input: Input): Promise<Record<string, unknown>> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const record: CallRecord = { command, input, result: 'ok', caller: this.caller?.() };
    this.calls.push(record);
    try {
      if (this.latencyMs > 0) await this.sleep(this.latencyMs);
      if (this.interleave) await this.interleave();
      this.applyRateLimit();
      const fault = this.takeFault(command, input, 'before');
      if (fault) throw fault.make();
      const hook = this.beforeHooks.get(command);
      if (hook) {
        this.beforeHooks.delete(command);
        await hook(input);
      }
      if (WRITE_COMMANDS.has(command) && this.targetsUntagged(command, input)) this.untaggedWrites.push(record);
      const out = this.apply(command, input);
      const lost = this.takeFault(command, input, 'after');
      if (lost) throw lost.make();
      return { $metadata: { httpStatusCode: 200 }, ...out };
    } catch (err) {
      record.result = err instanceof Error ? err.name : 'Error';
      throw err;
    } finally {
      this.inFlight--;
    }
  }

  private takeFault(command: string, input: Input, when: 'before' | 'after'): ScheduledFault | undefined {
    const fault = this.faults.find(
      (f) => f.when === when && (f.command === command || f.command === '*') && f.remaining > 0 && (!f.match || f.match(input)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    this.faultsFired[when]++;
    return fault;
  }

  private applyRateLimit(): void {
    if (!this.rateLimit) return;
    const now = this.rateLimit.now();
    this.rateWindow = this.rateWindow.filter((t) => now - t < 1000);
    if (this.rateWindow.length >= this.rateLimit.callsPerSecond) throw iamErrors.throttling();
    this.rateWindow.push(now);
  }

  private targetsUntagged(command: string, input: Input): boolean {
    if (command === 'CreateRole' || command === 'CreatePolicy' || command === 'CreateInstanceProfile') return false;
    const roleName = str(input, 'RoleName');
    if (roleName) {
      const role = this.roles.get(roleName);
      if (role && !isOwnershipTagged(role.tags)) return true;
    }
    if (command === 'DeletePolicy' || command === 'CreatePolicyVersion' || command === 'DeletePolicyVersion') {
      const policy = this.policies.get(str(input, 'PolicyArn'));
      if (policy && !isOwnershipTagged(policy.tags)) return true;
    }
    return false;
  }

  private newId(prefix: string): string {
    this.idCounter++;
    return `${prefix}${String(this.idCounter).padStart(17, '0')}`;
  }

  private role(input: Input, visibleCheck = true): FakeRole {
    const name = str(input, 'RoleName');
    const role = this.roles.get(name);
    if (!role) throw iamErrors.noSuchEntity(`The role with name ${name} cannot be found.`);
    if (visibleCheck && role.invisibleFor > 0) {
      role.invisibleFor--;
      throw iamErrors.noSuchEntity(`The role with name ${name} cannot be found.`);
    }
    return role;
  }

  private policy(input: Input): FakePolicy {
    const arn = str(input, 'PolicyArn');
    const policy = this.policies.get(arn);
    if (!policy) throw iamErrors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (policy.invisibleFor > 0) {
      policy.invisibleFor--;
      throw iamErrors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    }
    return policy;
  }

  /** Whether a policy ARN can be attached or used as a boundary (a fresh policy may not be visible yet). */
  private policyExists(arn: string): boolean {
    const policy = this.policies.get(arn);
    if (policy && policy.invisibleFor > 0) {
      policy.invisibleFor--;
      return false;
    }
    return policy !== undefined || this.awsManaged.has(arn);
  }

  private attachmentCount(arn: string): number {
    let n = 0;
    for (const r of this.roles.values()) if (r.attached.includes(arn)) n++;
    return n;
  }

  private checkTags(tags: FakeTag[], existing: FakeTag[] = []): FakeTag[] {
    for (const t of tags) {
      if (t.Key.length < 1 || t.Key.length > 128 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(t.Key)) {
        throw iamErrors.invalidInput(`Tag key ${JSON.stringify(t.Key)} is invalid.`);
      }
      if (t.Value.length > 256 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(t.Value)) {
        throw iamErrors.invalidInput(`Tag value for key ${JSON.stringify(t.Key)} is invalid.`);
      }
      if (t.Key.toLowerCase().startsWith('aws:')) throw iamErrors.invalidInput('Tag keys starting with aws: are reserved.');
    }
    const merged = new Map(existing.map((t) => [t.Key, t.Value]));
    for (const t of tags) merged.set(t.Key, t.Value);
    if (merged.size > LIMITS.tagsPerEntity) throw iamErrors.limitExceeded(`Cannot exceed quota for TagsPerRole: ${LIMITS.tagsPerEntity}.`);
    return [...merged].map(([Key, Value]) => ({ Key, Value }));
  }

  private checkTrust(doc: string): void {
    const parsed = parseDocument(doc);
    for (const s of statements(parsed)) {
      if (!('Principal' in s)) throw iamErrors.malformed('Has prohibited field Resource / missing required field Principal');
      if ('Resource' in s) throw iamErrors.malformed('Has prohibited field Resource');
    }
    if (policyChars(doc) > LIMITS.trustPolicyChars) {
      throw iamErrors.limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.trustPolicyChars}`);
    }
  }

  private checkIdentityPolicy(doc: string): void {
    const parsed = parseDocument(doc);
    for (const s of statements(parsed)) {
      if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw iamErrors.malformed('Statement Effect must be Allow or Deny');
      if (!('Action' in s) && !('NotAction' in s)) throw iamErrors.malformed('Policy statement must contain actions.');
      if ('Principal' in s) throw iamErrors.malformed('Policy document should not specify a principal.');
      const resources = 'Resource' in s ? s.Resource : s.NotResource;
      if (resources === undefined) throw iamErrors.malformed('Policy statement must contain resources.');
      for (const r of Array.isArray(resources) ? resources : [resources]) {
        if (typeof r !== 'string' || (r !== '*' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+/.test(r))) {
          throw iamErrors.malformed(`Resource ${String(r)} must be in ARN format or "*".`);
        }
      }
    }
  }

  private apply(command: string, input: Input): Record<string, unknown> {
    switch (command) {
      case 'CreateRole': {
        const name = str(input, 'RoleName');
        if (!ROLE_NAME.test(name)) throw iamErrors.validation(`1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint`);
        const path = str(input, 'Path') || '/';
        if (!PATH.test(path)) throw iamErrors.validation(`Value '${path}' at 'path' failed to satisfy constraint`);
        for (const existing of this.roles.keys()) {
          if (existing.toLowerCase() === name.toLowerCase()) throw iamErrors.alreadyExists(`Role with name ${name} already exists.`);
        }
        const trust = str(input, 'AssumeRolePolicyDocument');
        this.checkTrust(trust);
        const description = input.Description === undefined ? undefined : str(input, 'Description');
        if (description !== undefined && description.length > 1000) throw iamErrors.validation('Description longer than 1000');
        const maxSessionDuration = input.MaxSessionDuration === undefined ? 3600 : Number(input.MaxSessionDuration);
        if (!(maxSessionDuration >= 3600 && maxSessionDuration <= 43200)) throw iamErrors.validation('MaxSessionDuration out of range');
        const boundary = input.PermissionsBoundary === undefined ? undefined : str(input, 'PermissionsBoundary');
        if (boundary !== undefined && !this.policyExists(boundary)) throw iamErrors.noSuchEntity(`Policy ${boundary} does not exist`);
        const tags = this.checkTags(tagsOf(input));
        const role: FakeRole = {
          name,
          id: this.newId('AROA'),
          path,
          trust,
          description,
          maxSessionDuration,
          boundary,
          tags,
          inline: new Map(),
          attached: [],
          created: new Date(),
          invisibleFor: this.visibilityLagCalls,
        };
        this.roles.set(name, role);
        return { Role: this.roleOutput(role) };
      }
      case 'GetRole':
        return { Role: this.roleOutput(this.role(input)) };
      case 'DeleteRole': {
        const role = this.role(input);
        if (role.inline.size || role.attached.length) {
          throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
        }
        for (const members of this.instanceProfiles.values()) {
          if (members.has(role.name)) throw iamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        }
        this.roles.delete(role.name);
        return {};
      }
      case 'UpdateRole': {
        const role = this.role(input);
        if (input.Description !== undefined) role.description = str(input, 'Description');
        if (input.MaxSessionDuration !== undefined) {
          const d = Number(input.MaxSessionDuration);
          if (!(d >= 3600 && d <= 43200)) throw iamErrors.validation('MaxSessionDuration out of range');
          role.maxSessionDuration = d;
        }
        return {};
      }
      case 'UpdateAssumeRolePolicy': {
        const role = this.role(input);
        const doc = str(input, 'PolicyDocument');
        this.checkTrust(doc);
        role.trust = doc;
        return {};
      }
      case 'PutRolePermissionsBoundary': {
        const role = this.role(input);
        const arn = str(input, 'PermissionsBoundary');
        if (!this.policyExists(arn)) throw iamErrors.noSuchEntity(`Policy ${arn} does not exist`);
        role.boundary = arn;
        return {};
      }
      case 'DeleteRolePermissionsBoundary': {
        const role = this.role(input);
        if (!role.boundary) throw iamErrors.noSuchEntity('The role has no permissions boundary.');
        role.boundary = undefined;
        return {};
      }
      case 'TagRole': {
        const role = this.role(input);
        role.tags = this.checkTags(tagsOf(input), role.tags);
        return {};
      }
      case 'UntagRole': {
        const role = this.role(input);
        const keys = new Set((input.TagKeys as string[] | undefined) ?? []);
        role.tags = role.tags.filter((t) => !keys.has(t.Key));
        return {};
      }
      case 'ListRoleTags':
        return { Tags: this.role(input).tags.map((t) => ({ ...t })), IsTruncated: false };
      case 'PutRolePolicy': {
        const role = this.role(input);
        const name = str(input, 'PolicyName');
        if (!POLICY_NAME.test(name)) throw iamErrors.validation(`Value '${name}' at 'policyName' failed to satisfy constraint`);
        const doc = str(input, 'PolicyDocument');
        this.checkIdentityPolicy(doc);
        let total = policyChars(doc);
        for (const [other, text] of role.inline) if (other !== name) total += policyChars(text);
        if (total > LIMITS.inlineCharsPerRole) {
          throw iamErrors.limitExceeded(`Maximum policy size of ${LIMITS.inlineCharsPerRole} bytes exceeded for role ${role.name}`);
        }
        role.inline.set(name, doc);
        return {};
      }
      case 'GetRolePolicy': {
        const role = this.role(input);
        const name = str(input, 'PolicyName');
        const doc = role.inline.get(name);
        if (doc === undefined) throw iamErrors.noSuchEntity(`The role policy with name ${name} cannot be found.`);
        return { RoleName: role.name, PolicyName: name, PolicyDocument: encodeURIComponent(doc) };
      }
      case 'DeleteRolePolicy': {
        const role = this.role(input);
        const name = str(input, 'PolicyName');
        if (!role.inline.delete(name)) throw iamErrors.noSuchEntity(`The role policy with name ${name} cannot be found.`);
        return {};
      }
      case 'ListRolePolicies':
        return { PolicyNames: [...this.role(input).inline.keys()], IsTruncated: false };
      case 'AttachRolePolicy': {
        const role = this.role(input);
        const arn = str(input, 'PolicyArn');
        if (!this.policyExists(arn)) throw iamErrors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
        if (role.attached.includes(arn)) return {};
        if (role.attached.length >= LIMITS.attachedPerRole) {
          throw iamErrors.limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${LIMITS.attachedPerRole}`);
        }
        role.attached.push(arn);
        return {};
      }
      case 'DetachRolePolicy': {
        const role = this.role(input);
        const arn = str(input, 'PolicyArn');
        if (!role.attached.includes(arn)) throw iamErrors.noSuchEntity(`Policy ${arn} was not found.`);
        role.attached = role.attached.filter((a) => a !== arn);
        return {};
      }
      case 'ListAttachedRolePolicies':
        return {
          AttachedPolicies: this.role(input).attached.map((arn) => ({ PolicyArn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1) })),
          IsTruncated: false,
        };
      case 'CreatePolicy': {
        const name = str(input, 'PolicyName');
        if (!POLICY_NAME.test(name)) throw iamErrors.validation(`Value '${name}' at 'policyName' failed to satisfy constraint`);
        const path = str(input, 'Path') || '/';
        const arn = this.policyArn(name, path);
        for (const p of this.policies.values()) {
          if (p.name.toLowerCase() === name.toLowerCase()) throw iamErrors.alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
        }
        const doc = str(input, 'PolicyDocument');
        this.checkIdentityPolicy(doc);
        if (policyChars(doc) > LIMITS.managedPolicyChars) {
          throw iamErrors.limitExceeded(`Cannot exceed quota for PolicySize: ${LIMITS.managedPolicyChars}`);
        }
        const policy: FakePolicy = {
          arn,
          name,
          path,
          id: this.newId('ANPA'),
          description: input.Description === undefined ? undefined : str(input, 'Description'),
          tags: this.checkTags(tagsOf(input)),
          versions: [{ id: 'v1', document: doc, created: new Date() }],
          defaultVersion: 'v1',
          nextVersion: 2,
          created: new Date(),
          invisibleFor: this.visibilityLagCalls,
        };
        this.policies.set(arn, policy);
        return { Policy: this.policyOutput(policy) };
      }
      case 'GetPolicy': {
        const policy = this.policy(input);
        return { Policy: { ...this.policyOutput(policy), Tags: policy.tags.map((t) => ({ ...t })) } };
      }
      case 'ListPolicies': {
        // Scope Local only (customer managed); PathPrefix filters; no tags in the output, as in IAM.
        const prefix = str(input, 'PathPrefix') || '/';
        const scope = str(input, 'Scope') || 'All';
        const onlyAttached = input.OnlyAttached === true || input.OnlyAttached === 'true';
        const list = scope === 'AWS' ? [] : [...this.policies.values()].filter((p) => p.path.startsWith(prefix) && p.invisibleFor === 0);
        const shown = onlyAttached ? list.filter((p) => this.attachmentCount(p.arn) > 0) : list;
        return { Policies: shown.sort((a, b) => a.arn.localeCompare(b.arn)).map((p) => this.policyOutput(p)), IsTruncated: false };
      }
      case 'ListPolicyTags':
        return { Tags: this.policy(input).tags.map((t) => ({ ...t })), IsTruncated: false };
      case 'ListRoles': {
        const prefix = str(input, 'PathPrefix') || '/';
        const list = [...this.roles.values()].filter((r) => r.path.startsWith(prefix) && r.invisibleFor === 0);
        return { Roles: list.sort((a, b) => a.name.localeCompare(b.name)).map((r) => this.roleOutput(r)), IsTruncated: false };
      }
      case 'DeletePolicy': {
        const policy = this.policy(input);
        if (this.attachmentCount(policy.arn) > 0) throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
        if (policy.versions.length > 1) throw iamErrors.deleteConflict('Cannot delete a policy with non-default versions.');
        this.policies.delete(policy.arn);
        return {};
      }
      case 'CreatePolicyVersion': {
        const policy = this.policy(input);
        const doc = str(input, 'PolicyDocument');
        this.checkIdentityPolicy(doc);
        if (policyChars(doc) > LIMITS.managedPolicyChars) {
          throw iamErrors.limitExceeded(`Cannot exceed quota for PolicySize: ${LIMITS.managedPolicyChars}`);
        }
        if (policy.versions.length >= LIMITS.versionsPerPolicy) {
          throw iamErrors.limitExceeded(`A managed policy can have up to ${LIMITS.versionsPerPolicy} versions.`);
        }
        const version = { id: `v${policy.nextVersion++}`, document: doc, created: new Date() };
        policy.versions.push(version);
        const setDefault = input.SetAsDefault === true || input.SetAsDefault === 'true';
        if (setDefault) policy.defaultVersion = version.id;
        return { PolicyVersion: { VersionId: version.id, IsDefaultVersion: setDefault, CreateDate: version.created } };
      }
      case 'GetPolicyVersion': {
        const policy = this.policy(input);
        const version = policy.versions.find((v) => v.id === str(input, 'VersionId'));
        if (!version) throw iamErrors.noSuchEntity(`Policy version ${str(input, 'VersionId')} does not exist.`);
        return {
          PolicyVersion: {
            VersionId: version.id,
            Document: encodeURIComponent(version.document),
            IsDefaultVersion: version.id === policy.defaultVersion,
            CreateDate: version.created,
          },
        };
      }
      case 'DeletePolicyVersion': {
        const policy = this.policy(input);
        const id = str(input, 'VersionId');
        if (id === policy.defaultVersion) throw iamErrors.deleteConflict('Cannot delete the default version of a policy.');
        if (!policy.versions.some((v) => v.id === id)) throw iamErrors.noSuchEntity(`Policy version ${id} does not exist.`);
        policy.versions = policy.versions.filter((v) => v.id !== id);
        return {};
      }
      case 'ListPolicyVersions': {
        const policy = this.policy(input);
        return {
          Versions: policy.versions.map((v) => ({ VersionId: v.id, IsDefaultVersion: v.id === policy.defaultVersion, CreateDate: v.created })),
          IsTruncated: false,
        };
      }
      case 'CreateInstanceProfile': {
        const name = str(input, 'InstanceProfileName');
        if (this.instanceProfiles.has(name)) throw iamErrors.alreadyExists(`Instance Profile ${name} already exists.`);
        this.instanceProfiles.set(name, new Set());
        return { InstanceProfile: { InstanceProfileName: name, Path: '/', Arn: `arn:aws:iam::${FAKE_ACCOUNT}:instance-profile/${name}`, InstanceProfileId: this.newId('AIPA'), CreateDate: new Date(), Roles: [] } };
      }
      case 'AddRoleToInstanceProfile': {
        const role = this.role(input);
        const members = this.instanceProfiles.get(str(input, 'InstanceProfileName'));
        if (!members) throw iamErrors.noSuchEntity('Instance profile not found');
        if (members.size >= 1) throw iamErrors.limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
        members.add(role.name);
        return {};
      }
      case 'ListInstanceProfilesForRole': {
        const role = this.role(input);
        const names = [...this.instanceProfiles.entries()].filter(([, m]) => m.has(role.name)).map(([n]) => n);
        return {
          InstanceProfiles: names.map((n) => ({
            InstanceProfileName: n,
            Path: '/',
            Arn: `arn:aws:iam::${FAKE_ACCOUNT}:instance-profile/${n}`,
            InstanceProfileId: 'AIPA',
            CreateDate: new Date(0),
            Roles: [],
          })),
          IsTruncated: false,
        };
      }
      case 'RemoveRoleFromInstanceProfile': {
        const role = this.role(input);
        const members = this.instanceProfiles.get(str(input, 'InstanceProfileName'));
        if (!members || !members.delete(role.name)) throw iamErrors.noSuchEntity('Instance profile not found');
        return {};
      }
      default:
        throw iamErrors.invalidInput(`The fake IAM does not implement ${command}`);
    }
  }

  private roleOutput(role: FakeRole): Record<string, unknown> {
    return {
      RoleName: role.name,
      RoleId: role.id,
      Path: role.path,
      Arn: `arn:${FAKE_PARTITION}:iam::${FAKE_ACCOUNT}:role${role.path}${role.name}`,
      CreateDate: role.created,
      AssumeRolePolicyDocument: encodeURIComponent(role.trust),
      ...(role.description !== undefined ? { Description: role.description } : {}),
      MaxSessionDuration: role.maxSessionDuration,
      ...(role.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.boundary } } : {}),
      Tags: role.tags.map((t) => ({ ...t })),
    };
  }

  private policyOutput(policy: FakePolicy): Record<string, unknown> {
    return {
      PolicyName: policy.name,
      PolicyId: policy.id,
      Arn: policy.arn,
      Path: policy.path,
      DefaultVersionId: policy.defaultVersion,
      AttachmentCount: this.attachmentCount(policy.arn),
      IsAttachable: true,
      CreateDate: policy.created,
      UpdateDate: policy.created,
      ...(policy.description !== undefined ? { Description: policy.description } : {}),
    };
  }
}

interface LooseStatement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
}

function parseDocument(doc: string): { Statement?: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw iamErrors.malformed('Syntax errors in policy.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw iamErrors.malformed('Syntax errors in policy.');
  const version = (parsed as { Version?: unknown }).Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    throw iamErrors.malformed('The policy failed legacy parsing');
  }
  return parsed as { Statement?: unknown };
}

function statements(doc: { Statement?: unknown }): LooseStatement[] {
  const s = doc.Statement;
  if (s === undefined) throw iamErrors.malformed('Missing required field Statement');
  const list = Array.isArray(s) ? s : [s];
  for (const item of list) if (!item || typeof item !== 'object') throw iamErrors.malformed('Syntax errors in policy.');
  return list as LooseStatement[];
}

function canonical(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}
