// Catalog validity against the IAM action database, for EVERY activity in
// every VPC / KMS / ABAC variant and partition: actions exist, condition keys
// apply, ARNs are exact and typed, "*" only where IAM requires it.

import { ACTIVITIES, isRefusal, PARAMETER_NAMES } from '../../src/policy-engine/catalog';
import { STUDIO_REQUEST_KEYS } from '../../src/policy-engine/catalog/shared';
import type { ActivityContext, ActivityDefinition, ParameterValues, StatementSpec } from '../../src/policy-engine/catalog';
import { arnBuilder } from '../../src/policy-engine/arn';
import { planRole } from '../../src/policy-engine';
import { arnMatchesType, conditionKeyApplies, loadActions, type ActionRef } from './iam-reference';

/** Set by SageMaker on every request from Studio, whatever the action (see STUDIO_REQUEST_KEYS). */
const STUDIO_KEYS: readonly string[] = STUDIO_REQUEST_KEYS;

/**
 * Actions that have resource types in the IAM database but that a statement
 * may still grant on "*". Each needs the reason AWS gives for it.
 */
const STAR_ALLOWED: ReadonlyMap<string, string> = new Map([
  [
    'sagemaker:ListModelPackages',
    'model-package is only an optional type and the request names no package: IAM authorizes List* against "*"',
  ],
  [
    'comprehend:DetectEntities',
    'the optional entity-recognizer-endpoint type applies to custom recognizers only; the built-in model Canvas uses names no resource',
  ],
  [
    'cloudwatch:GetMetricData',
    'metrics are not resources (the optional "dataset" type is a different feature); Canvas MLOps reads its endpoints\' invocation metrics',
  ],
  [
    'ecr:BatchGetImage',
    'SageMaker\'s AutoML and built-in images are in AWS-owned registry accounts that differ by region; limited to other accounts\' repositories by aws:ResourceAccount',
  ],
  [
    'ecr:GetDownloadUrlForLayer',
    'SageMaker\'s AutoML and built-in images are in AWS-owned registry accounts that differ by region; limited to other accounts\' repositories by aws:ResourceAccount',
  ],
  [
    'cloudwatch:PutMetricData',
    'metrics are not resources (the optional "dataset" type is a different feature); scoped by cloudwatch:namespace',
  ],
]);

/**
 * Actions whose "required" resource types are alternatives: the service
 * authorization reference marks every invocable type required, but one request
 * names exactly one resource. For these, covering one type is enough.
 */
const ALTERNATIVE_REQUIRED_TYPES: ReadonlyMap<string, string> = new Map([
  ['bedrock:InvokeModel', 'a request invokes one model: a foundation model, an inference profile, a custom or imported model, ...'],
  ['bedrock:InvokeModelWithResponseStream', 'a request invokes one model: a foundation model, an inference profile, a custom or imported model, ...'],
]);

/** Keys the engine adds for each customization flag (see StatementSpec). */
const FLAG_KEYS = {
  vpc: ['sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'],
  volumeKms: ['sagemaker:VolumeKmsKeyArn'],
  outputKms: ['sagemaker:OutputKmsKeyArn'],
  userOwned: ['sagemaker:ResourceTag/sagemaker:user-profile-arn'],
} as const;
type Flag = keyof typeof FLAG_KEYS;

interface Where {
  partition: string;
  region: string;
  account: string;
}

function realisticParams(where: Where): ParameterValues {
  return {
    PassRoles: [`arn:${where.partition}:iam::${where.account}:role/SageMaker-compute`],
    S3Buckets: ['team-a-data', 'team-a-models'],
    EcrRepositories: ['team-a/training'],
    AthenaWorkgroups: ['team-a'],
    GlueDatabases: ['team_a'],
    KendraIndexes: ['0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'],
    MlflowTrackingServers: ['team-a-tracking'],
  };
}

interface Variant {
  name: string;
  where: Where;
  ctx: ActivityContext;
}

function variant(
  name: string,
  where: Where,
  options: { vpcKms?: boolean; abac?: boolean; abacWithoutPrefix?: boolean },
): Variant {
  const { partition, region, account } = where;
  const ctx: ActivityContext = { arn: arnBuilder(partition, region, account), params: realisticParams(where) };
  if (options.vpcKms) {
    ctx.network = { subnetIds: ['subnet-0abc1234'], securityGroupIds: ['sg-0abc1234'] };
    ctx.kmsKeys = {
      dataKeyArns: [`arn:${partition}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
      volumeKeyArns: [`arn:${partition}:kms:${region}:${account}:key/5678abcd-12ab-34cd-56ef-1234567890ab`],
    };
  }
  if (options.abac || options.abacWithoutPrefix) ctx.userIsolation = { domainId: 'd-abcdef123456' };
  if (options.abac) ctx.userIsolation = { domainId: 'd-abcdef123456', s3Prefix: 'team-a/users' };
  return { name, where, ctx };
}

const AWS: Where = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const CHINA: Where = { partition: 'aws-cn', region: 'cn-north-1', account: '444455556666' };
const GOVCLOUD: Where = { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '777788889999' };

const VARIANTS: readonly Variant[] = [
  variant('plain', AWS, {}),
  variant('VPC+KMS', AWS, { vpcKms: true }),
  variant('ABAC', AWS, { abac: true }),
  variant('ABAC without S3 prefix', AWS, { abacWithoutPrefix: true }),
  variant('VPC+KMS+ABAC', AWS, { vpcKms: true, abac: true }),
  variant('aws-cn VPC+KMS+ABAC', CHINA, { vpcKms: true, abac: true }),
  variant('aws-us-gov plain', GOVCLOUD, {}),
];

interface Rendered {
  variant: Variant;
  spec: StatementSpec;
}

/** Every statement of an activity over all variants; throws what the activity throws. */
function renderAll(activity: ActivityDefinition): Rendered[] {
  return VARIANTS.flatMap((v) => activity.statements(v.ctx).map((spec) => ({ variant: v, spec })));
}

function tryRenderAll(activity: ActivityDefinition): Rendered[] {
  try {
    return renderAll(activity);
  } catch {
    // Reported by the "renders" test of that activity; the other checks see no statements.
    return [];
  }
}

let refs = new Map<string, ActionRef | undefined>();

beforeAll(async () => {
  refs = await loadActions(ACTIVITIES.flatMap((a) => tryRenderAll(a).flatMap((r) => r.spec.actions)));
});

function ref(action: string): ActionRef {
  const found = refs.get(action);
  if (!found) throw new Error(`${action} is not in the IAM action database`);
  return found;
}

const where = (r: Rendered): string => `[${r.variant.name}] ${r.spec.actions.join(',')}`;

describe('the catalog as a whole', () => {
  it('has unique PascalCase ids, one-line titles and descriptions', () => {
    // GIVEN the catalog
    const ids = ACTIVITIES.map((a) => a.id);
    // THEN ids are unique and PascalCase, and the texts are single non-empty lines
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ACTIVITIES) {
      expect(a.id).toMatch(/^[A-Z][a-z0-9]*(?:[A-Z0-9][a-z0-9]*)*$/);
      expect(a.title.trim()).not.toBe('');
      expect(a.description).toMatch(/^[^\n]{10,}$/);
    }
  });

  it('declares only known parameters', () => {
    // GIVEN every required and optional parameter of every activity
    const declared = ACTIVITIES.flatMap((a) => [...a.requiredParameters, ...(a.optionalParameters ?? [])]);
    // THEN each is one of the resource properties the engine knows
    const known: readonly string[] = PARAMETER_NAMES;
    expect(declared.filter((p) => !known.includes(p))).toEqual([]);
  });

  it('trusts only AWS service principals', () => {
    for (const a of ACTIVITIES) {
      expect(a.trustedServices.length).toBeGreaterThan(0);
      for (const service of a.trustedServices) expect(service).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/);
    }
  });

  it('flags s3Isolation exactly on the activities whose statements UserIsolation.S3Prefix changes', () => {
    // GIVEN each activity rendered in every S3-prefix variant, and again without the prefix (still user-isolated)
    const changed = ACTIVITIES.filter((a) =>
      VARIANTS.filter((v) => v.ctx.userIsolation?.s3Prefix !== undefined).some((v) => {
        const withoutPrefix = { ...v.ctx, userIsolation: { domainId: v.ctx.userIsolation?.domainId ?? '' } };
        return JSON.stringify(a.statements(v.ctx)) !== JSON.stringify(a.statements(withoutPrefix));
      }),
    ).map((a) => a.id);
    // THEN exactly those declare s3Isolation, which the engine needs to refuse a prefix that would isolate nothing
    expect(ACTIVITIES.filter((a) => a.s3Isolation).map((a) => a.id)).toEqual(changed);
    expect(changed.length).toBeGreaterThan(0);
  });

  it('checks real cases: the allow-list names only actions that do have resource types', async () => {
    // GIVEN the allow-list of "*" exceptions
    const listed = await loadActions(STAR_ALLOWED.keys());
    // THEN each entry is a real action that would otherwise be refused (else the entry is dead weight)
    for (const [action, found] of listed) {
      expect({ action, known: found !== undefined }).toEqual({ action, known: true });
      expect({ action, types: (found?.resourceTypes.length ?? 0) > 0 }).toEqual({ action, types: true });
    }
  });
});

describe.each(ACTIVITIES.map((a) => [a.id, a] as const))('activity %s', (_id, activity) => {
  it('renders non-empty statements in every VPC/KMS/ABAC variant', () => {
    // GIVEN realistic parameters in each variant
    for (const v of VARIANTS) {
      // WHEN the activity renders
      const specs = activity.statements(v.ctx);
      // THEN it grants something, and every statement has actions and resources
      expect(specs.length).toBeGreaterThan(0);
      for (const spec of specs) {
        expect(spec.actions.length).toBeGreaterThan(0);
        expect(spec.resources.length).toBeGreaterThan(0);
      }
    }
  });

  it('uses only actions the IAM database knows, spelled out without wildcards', () => {
    // GIVEN every action of every variant
    const actions = new Set(tryRenderAll(activity).flatMap((r) => r.spec.actions));
    // THEN none is a wildcard and each exists
    expect([...actions].filter((a) => /[*?]/.test(a))).toEqual([]);
    expect([...actions].filter((a) => refs.get(a) === undefined)).toEqual([]);
  });

  it('sets VPC/KMS/ABAC flags only where every action of the statement supports the keys', () => {
    const problems: string[] = [];
    for (const r of tryRenderAll(activity)) {
      for (const flag of Object.keys(FLAG_KEYS) as Flag[]) {
        if (!r.spec[flag]) continue;
        for (const action of r.spec.actions) {
          for (const key of FLAG_KEYS[flag]) {
            if (!conditionKeyApplies(key, ref(action))) problems.push(`${where(r)}: ${flag} needs ${key}, not on ${action}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses explicit condition keys only where they apply to every action of the statement', () => {
    const problems: string[] = [];
    for (const r of tryRenderAll(activity)) {
      const keys = Object.values(r.spec.conditions ?? {}).flatMap((block) => Object.keys(block));
      // Global aws:* keys apply to every request, Studio's keys to every request from Studio.
      for (const key of keys.filter((k) => !k.startsWith('aws:') && !STUDIO_KEYS.includes(k))) {
        for (const action of r.spec.actions) {
          if (!conditionKeyApplies(key, ref(action))) problems.push(`${where(r)}: ${key} does not apply to ${action}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares VPC/KMS support exactly when a statement is customized by it', () => {
    // GIVEN the flags of all statements
    const specs = tryRenderAll(activity).map((r) => r.spec);
    // THEN a flagged statement implies the activity says the customization applies
    if (specs.some((s) => s.vpc)) expect(activity.vpc).toBe(true);
    if (specs.some((s) => s.volumeKms || s.outputKms)) expect(activity.kms).toBe(true);
  });

  it('grants "*" only for actions IAM authorizes against "*" alone, or allow-listed ones', () => {
    const problems: string[] = [];
    for (const r of tryRenderAll(activity)) {
      if (!r.spec.resources.includes('*')) continue;
      for (const action of r.spec.actions) {
        if (ref(action).resourceTypes.length > 0 && !STAR_ALLOWED.has(action)) {
          problems.push(`${where(r)}: ${action} supports resource-level permissions but is granted on "*"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every action the resources of its own types, and each resource a type of some action', () => {
    const problems: string[] = [];
    const rendered = tryRenderAll(activity);
    for (const r of rendered) {
      const { resources, actions } = r.spec;
      const arns = resources.filter((res) => res !== '*');
      for (const action of actions) {
        const types = ref(action).resourceTypes;
        if (types.length === 0) {
          if (!resources.includes('*')) problems.push(`${where(r)}: ${action} has no resource type, needs "*"`);
          continue;
        }
        if (resources.includes('*')) continue;
        // IAM authorizes each required resource of the request: all of them must be covered, by
        // this statement or another of the same rendering (a parent-checked create grants the
        // new resource and its parent in two statements with different conditions).
        const actionArns = rendered
          .filter((o) => o.variant === r.variant && o.spec.actions.includes(action))
          .flatMap((o) => o.spec.resources.filter((res) => res !== '*'));
        for (const type of ALTERNATIVE_REQUIRED_TYPES.has(action) ? [] : types.filter((t) => t.required)) {
          if (!actionArns.some((res) => arnMatchesType(res, type, r.variant.where))) {
            problems.push(`${where(r)}: ${action} needs a ${type.name} resource`);
          }
        }
        if (!arns.some((res) => types.some((t) => arnMatchesType(res, t, r.variant.where)))) {
          problems.push(`${where(r)}: no resource of ${action} has one of its types`);
        }
      }
      for (const res of arns) {
        const typed = actions.some((a) => ref(a).resourceTypes.some((t) => arnMatchesType(res, t, r.variant.where)));
        if (!typed) problems.push(`${where(r)}: ${res} is no resource type of these actions in this partition/region/account`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('scopes every ARN to the role partition, region and account, never to "*" there', () => {
    const problems: string[] = [];
    for (const r of tryRenderAll(activity)) {
      const { partition, region, account } = r.variant.where;
      for (const res of r.spec.resources.filter((x) => x !== '*')) {
        const [prefix, p, service, reg, acct] = res.split(':');
        const ok =
          prefix === 'arn' &&
          p === partition &&
          /^[a-z0-9-]+$/.test(service ?? '') &&
          (reg === '' || reg === region) &&
          (acct === '' || acct === account);
        if (!ok) problems.push(`${where(r)}: ${res}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('with UserIsolation.S3Prefix grants S3 objects and listings only under the caller\'s own prefix', () => {
    // GIVEN every activity rendered with an S3 prefix for user isolation
    const SHARED_BY_DESIGN = new Map([
      // Canvas keeps its working data in SageMaker's default bucket under its own layout; the bucket is
      // shared by the domain's users by design (documented in docs/activities.md).
      ['sagemaker-us-east-1-111122223333', 'Canvas working data in the default bucket'],
      ['sagemaker-cn-north-1-444455556666', 'Canvas working data in the default bucket'],
      ['jumpstart-cache-prod-us-east-1', 'AWS\'s read-only JumpStart model cache'],
      ['jumpstart-cache-prod-cn-north-1', 'AWS\'s read-only JumpStart model cache'],
    ]);
    const isolated = ACTIVITIES.flatMap((a) =>
      tryRenderAll(a).filter((r) => r.variant.ctx.userIsolation?.s3Prefix !== undefined).map((r) => ({ activity: a.id, ...r })),
    );
    for (const r of isolated) {
      for (const res of r.spec.resources) {
        const match = /^arn:[^:]+:s3:::([^/]+)(\/.*)?$/.exec(res);
        if (match === null || SHARED_BY_DESIGN.has(match[1])) continue;
        const objectLevel = match[2] !== undefined;
        // THEN object ARNs carry the source identity, and listing a bucket needs a per-user s3:prefix
        if (objectLevel) expect(`${r.activity} ${res}`).toContain('${aws:SourceIdentity}/*');
        else if (r.spec.actions.includes('s3:ListBucket')) {
          expect({ activity: r.activity, prefix: r.spec.conditions?.StringLike?.['s3:prefix'] }).toEqual({
            activity: r.activity,
            prefix: 'team-a/users/d-abcdef123456/${aws:SourceIdentity}/*',
          });
        }
      }
    }
    expect(isolated.length).toBeGreaterThan(0);
  });

  it('passes only the given PassRoles, and only to a named service', () => {
    const problems: string[] = [];
    for (const r of tryRenderAll(activity)) {
      if (!r.spec.actions.includes('iam:PassRole')) continue;
      if (r.spec.actions.length !== 1) problems.push(`${where(r)}: iam:PassRole shares a statement`);
      const given = r.variant.ctx.params.PassRoles;
      const extra = r.spec.resources.filter((res) => !given.includes(res));
      if (extra.length > 0) problems.push(`${where(r)}: passes ${extra.join(', ')}`);
      const service = r.spec.conditions?.StringEquals?.['iam:PassedToService'];
      const services = typeof service === 'string' ? [service] : (service ?? []);
      if (services.length === 0 || services.some((s) => !/^[a-z0-9.-]+\.amazonaws\.com$/.test(s))) {
        problems.push(`${where(r)}: iam:PassedToService missing or not an exact service`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('requires PassRoles exactly when it passes roles', () => {
    // GIVEN whether any statement passes a role
    const passes = tryRenderAll(activity).some((r) => r.spec.actions.includes('iam:PassRole'));
    // THEN PassRoles is a required parameter (an empty list would render an invalid statement)
    if (passes) expect(activity.requiredParameters).toContain('PassRoles');
  });
});

// The same rule on what the engine finally writes: the VPC/KMS/ABAC conditions
// it adds (including the Null checks) and whatever merging did to statements.
describe.each(ACTIVITIES.map((a) => [a.id, a] as const))('activity %s as planned by the engine', (_id, activity) => {
  const params = realisticParams(AWS);
  const props = (abac: boolean): Record<string, unknown> => ({
    Persona: 'Custom',
    Activities: [activity.id],
    ...Object.fromEntries([...activity.requiredParameters, ...(activity.optionalParameters ?? [])].map((p) => [p, params[p]])),
    ...(activity.vpc ? { VpcSubnetIds: ['subnet-0abc1234'], VpcSecurityGroupIds: ['sg-0abc1234'] } : {}),
    ...(activity.kms
      ? {
          DataKmsKeyArns: [`arn:aws:kms:${AWS.region}:${AWS.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
          VolumeKmsKeyArns: [`arn:aws:kms:${AWS.region}:${AWS.account}:key/5678abcd-12ab-34cd-56ef-1234567890ab`],
        }
      : {}),
    // An S3Prefix is only valid (and only changes anything) with an s3Isolation activity.
    ...(abac
      ? { UserIsolation: { DomainId: 'd-abcdef123456', ...(activity.s3Isolation ? { S3Prefix: 'team-a/users' } : {}), SecretsPrefix: 'team-a' } }
      : {}),
  });

  it.each<[string, boolean]>([
    ['with every customization it supports', false],
    // An activity refused with UserIsolation has no isolated plan (abac-classification.test.ts).
    ...(isRefusal(activity.isolation) ? [] : [['with every customization it supports and ABAC', true] as [string, boolean]]),
  ])('uses only condition keys that apply to every action of each statement, %s', async (_name, abac) => {
    // GIVEN the plan of a role with just this activity
    const plan = planRole(props(abac), {
      ...AWS,
      stackName: 'ml-roles',
      stackId: `arn:aws:cloudformation:${AWS.region}:${AWS.account}:stack/ml-roles/0f1e2d3c`,
      logicalId: 'PersonaRole',
    });
    const statements = [...plan.inlinePolicies, ...plan.managedPolicies].flatMap((p) => p.document.Statement);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const known = await loadActions(actions);
    // THEN each non-global key in each statement applies to each of its actions
    const problems: string[] = [];
    for (const s of statements) {
      const keys = Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block));
      for (const action of Array.isArray(s.Action) ? s.Action : [s.Action]) {
        const found = known.get(action);
        if (!found) {
          problems.push(`${action} is not in the IAM action database`);
          continue;
        }
        for (const key of keys.filter((k) => !k.startsWith('aws:') && !STUDIO_KEYS.includes(k))) {
          if (!conditionKeyApplies(key, found)) problems.push(`${key} does not apply to ${action}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
