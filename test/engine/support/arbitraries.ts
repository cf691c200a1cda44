// fast-check generators of valid property sets, built from the catalog itself
// so every activity (and every new one) is covered without listing them here.

import fc from 'fast-check';
import { ACTIVITIES, findActivity, isRefusal, PERSONAS, PARAMETER_NAMES, type ParameterName } from '../../../src/policy-engine';
import { validateListValue, type ListPropertyName } from '../../../src/policy-engine/parameters';
import { ACCOUNT } from './engine';

/** Regions of partition aws besides the test context's home region us-east-1 (where the generated keys live). */
export const OTHER_REGIONS = ['eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2', 'sa-east-1'] as const;

const NAME_SOURCES: Record<ListPropertyName, fc.Arbitrary<string>> = {
  PassRoles: fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/).map((n) => `arn:aws:iam::${ACCOUNT}:role/${n}`),
  S3Buckets: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  EcrRepositories: fc.oneof(
    fc.stringMatching(/^[a-z0-9]{1,20}(?:[._-][a-z0-9]{1,20}){0,2}(?:\/[a-z0-9]{1,20}){0,2}$/),
    // A repository of a central registry account, by ARN, in the role's home region.
    fc.tuple(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[a-z0-9]{1,20}(?:\/[a-z0-9]{1,20}){0,2}$/)).map(
      ([account, name]) => `arn:aws:ecr:us-east-1:${account}:repository/${name}`,
    ),
  ),
  AthenaWorkgroups: fc.stringMatching(/^[A-Za-z0-9._-]{1,128}$/),
  GlueDatabases: fc.stringMatching(/^[a-z0-9_-]{1,64}$/),
  KendraIndexes: fc.uuid(),
  MlflowTrackingServers: fc.stringMatching(/^[a-zA-Z0-9](?:-?[a-zA-Z0-9]){0,40}$/),
  VpcSubnetIds: fc.stringMatching(/^[0-9a-f]{17}$/).map((h) => `subnet-${h}`),
  VpcSecurityGroupIds: fc.stringMatching(/^[0-9a-f]{17}$/).map((h) => `sg-${h}`),
  DataKmsKeyArns: fc.uuid().map((id) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`),
  VolumeKmsKeyArns: fc.uuid().map((id) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`),
  ManagedPolicyArns: fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,128}$/).map((n) => `arn:aws:iam::${ACCOUNT}:policy/${n}`),
  Regions: fc.constantFrom(...OTHER_REGIONS),
};

/** Valid, distinct values of one list property (the regexes are close to the rules; the validator has the last word). */
export function values(property: ListPropertyName, minLength: number, maxLength: number): fc.Arbitrary<string[]> {
  const valid = NAME_SOURCES[property].filter((v) => validateListValue(property, v) === undefined);
  return fc.uniqueArray(valid, { minLength, maxLength });
}

interface Selection {
  persona: string;
  activities?: string[];
}

const selection: fc.Arbitrary<Selection> = fc.oneof(
  fc.constantFrom(...PERSONAS.filter((p) => p.defaultActivities.length > 0).map((p) => ({ persona: p.id }))),
  fc
    .record({
      persona: fc.constantFrom(...PERSONAS.map((p) => p.id)),
      activities: fc.subarray(ACTIVITIES.map((a) => a.id), { minLength: 1 }),
    }),
);

function selected(sel: Selection): string[] {
  return sel.activities ?? PERSONAS.find((p) => p.id === sel.persona)?.defaultActivities.slice() ?? [];
}

const prefix = fc.stringMatching(/^[a-z0-9]{1,12}(?:\/[a-z0-9_-]{1,12}){0,2}$/);

/**
 * Any valid property set, sized to stay within IAM's default quotas, for the
 * stack's region (regions.property.test.ts adds Regions, which multiply the
 * regional ARNs, on top).
 */
export const validProperties: fc.Arbitrary<Record<string, unknown>> = selection.chain((sel) => {
  const ids = selected(sel);
  const activities = ids.map((id) => findActivity(id)).filter((a) => a !== undefined);
  const required = new Set(activities.flatMap((a) => a.requiredParameters));
  const optional = new Set(activities.flatMap((a) => a.optionalParameters ?? []));
  const params: Partial<Record<ParameterName, fc.Arbitrary<string[] | undefined>>> = {};
  for (const name of PARAMETER_NAMES) {
    if (required.has(name)) params[name] = values(name, 1, 4);
    else if (optional.has(name)) params[name] = fc.option(values(name, 1, 3), { nil: undefined });
  }
  const vpc = activities.some((a) => a.vpc);
  const kms = activities.some((a) => a.kms);
  // Like VPC/KMS settings, an S3Prefix is only valid with an activity whose S3 access it isolates;
  // UserIsolation only with activities that can be isolated, and then with an S3Prefix wherever S3 data is granted.
  const s3Isolation = activities.some((a) => a.s3Isolation);
  // SageMaker's domain id pattern (UserIsolation.DomainId is required).
  const domainId = fc.stringMatching(/^d-[a-z0-9]{1,12}$/);
  const isolatable = activities.every((a) => !isRefusal(a.isolation));
  return fc
    .record({
      params: fc.record(params as Record<string, fc.Arbitrary<string[] | undefined>>),
      subnets: vpc ? fc.option(values('VpcSubnetIds', 1, 3), { nil: undefined }) : fc.constant(undefined),
      groups: vpc ? fc.option(values('VpcSecurityGroupIds', 1, 3), { nil: undefined }) : fc.constant(undefined),
      dataKeys: kms ? fc.option(values('DataKmsKeyArns', 1, 2), { nil: undefined }) : fc.constant(undefined),
      volumeKeys: kms ? fc.option(values('VolumeKmsKeyArns', 1, 2), { nil: undefined }) : fc.constant(undefined),
      isolation: isolatable
        ? fc.option(
            s3Isolation
              ? fc.record({ DomainId: domainId, S3Prefix: prefix, SecretsPrefix: prefix }, { requiredKeys: ['DomainId', 'S3Prefix'] })
              : fc.record({ DomainId: domainId, SecretsPrefix: prefix }, { requiredKeys: ['DomainId'] }),
            { nil: undefined },
          )
        : fc.constant(undefined),
      suffix: fc.option(fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,54}$/), { nil: undefined }),
      path: fc.option(fc.stringMatching(/^\/(?:[a-z0-9-]{1,10}\/){0,3}$/), { nil: undefined }),
      session: fc.option(fc.integer({ min: 3600, max: 43200 }).chain((n) => fc.constantFrom<number | string>(n, String(n))), { nil: undefined }),
      managed: fc.option(values('ManagedPolicyArns', 1, 3), { nil: undefined }),
      tags: fc.option(
        fc.uniqueArray(fc.record({ Key: fc.stringMatching(/^[a-z][a-z0-9_.:/=+@-]{0,20}$/), Value: fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,30}$/) }), {
          maxLength: 5,
          selector: (t) => t.Key.toLowerCase(),
        }),
        { nil: undefined },
      ),
    })
    .map((r) => {
      const raw: Record<string, unknown> = { Persona: sel.persona };
      if (sel.activities) raw.Activities = sel.activities;
      for (const [name, list] of Object.entries(r.params)) if (list !== undefined) raw[name] = list;
      const optionalProps: Record<string, unknown> = {
        VpcSubnetIds: r.subnets,
        VpcSecurityGroupIds: r.groups,
        DataKmsKeyArns: r.dataKeys,
        VolumeKmsKeyArns: r.volumeKeys,
        UserIsolation: r.isolation,
        RoleNameSuffix: r.suffix,
        Path: r.path,
        MaxSessionDuration: r.session,
        ManagedPolicyArns: r.managed,
        Tags: r.tags,
      };
      for (const [key, value] of Object.entries(optionalProps)) if (value !== undefined) raw[key] = value;
      return raw;
    });
});
