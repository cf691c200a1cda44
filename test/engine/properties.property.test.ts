import fc from 'fast-check';
import {
  arnBuilder,
  DEFAULT_LIMITS,
  parseProperties,
  planRole,
  policyJson,
  QuotaError,
  renderUnmerged,
  ValidationError,
} from '../../src/policy-engine';
import { validProperties } from './support/arbitraries';
import { allStatements, context, grants, list } from './support/engine';

const RUNS = { numRuns: 100, seed: 20261122 };

/** Mutations that make any valid property set invalid, each for a different rule. */
const breakers: fc.Arbitrary<(raw: Record<string, unknown>) => Record<string, unknown>> = fc.oneof(
  fc.constantFrom('*', '?', '${aws:username}', '"', ' ', '\u0007').map((bad) => (raw: Record<string, unknown>) => {
    const key = Object.keys(raw).find((k) => Array.isArray(raw[k]) && k !== 'Activities' && k !== 'Tags');
    return key ? { ...raw, [key]: [...(raw[key] as string[]), `x${bad}y`] } : { ...raw, RoleNameSuffix: `x${bad}y` };
  }),
  fc.string({ minLength: 1, maxLength: 10 }).map((k) => (raw: Record<string, unknown>) => ({ ...raw, [`Unknown${k}`]: 'x' })),
  fc.constantFrom('datascientist', 'Admin', '', 42).map((p) => (raw: Record<string, unknown>) => ({ ...raw, Persona: p })),
  fc.oneof(fc.integer({ max: 3599 }), fc.integer({ min: 43201 }), fc.constant('1h')).map((s) => (raw: Record<string, unknown>) => ({
    ...raw,
    MaxSessionDuration: s,
  })),
  fc.constantFrom('team', '/team', 'team/', '//').map((p) => (raw: Record<string, unknown>) => ({ ...raw, Path: p })),
);

describe('property-based: valid input', () => {
  it('any valid property set gives a plan within every quota, deterministically', () => {
    fc.assert(
      fc.property(validProperties, (raw) => {
        // GIVEN any valid property set WHEN planned
        const plan = planRole(raw, context());
        // THEN inline ≤ 10,240 in total, each managed ≤ 6,144, slots within the limit
        const inline = plan.inlinePolicies.reduce((n, p) => n + policyJson(p.document).length, 0);
        expect(inline).toBeLessThanOrEqual(DEFAULT_LIMITS.inlinePolicyChars);
        for (const p of plan.managedPolicies) expect(policyJson(p.document).length).toBeLessThanOrEqual(DEFAULT_LIMITS.managedPolicyChars);
        expect(plan.managedPolicies.length + plan.managedPolicyArns.length).toBeLessThanOrEqual(DEFAULT_LIMITS.attachedPolicies);
        // AND no action wildcard, and the same input plans byte-identically
        for (const s of allStatements(plan)) for (const a of list(s.Action)) expect(a).not.toContain('*');
        expect(JSON.stringify(planRole(structuredClone(raw), context()))).toBe(JSON.stringify(plan));
      }),
      RUNS,
    );
  });
});

describe('property-based: merging and packing', () => {
  it('grant exactly what the activities render, nothing more and nothing less', () => {
    fc.assert(
      fc.property(validProperties, (raw) => {
        // GIVEN any valid property set
        const ctx = context();
        const rendered = renderUnmerged(parseProperties(raw), arnBuilder(ctx.partition, ctx.region, ctx.account)).flatMap((s) => s.statements);
        // WHEN planned THEN the packed documents grant the same (action, resource, condition) triples
        expect(grants(allStatements(planRole(raw, ctx)))).toEqual(grants(rendered));
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });
});

describe('property-based: invalid input', () => {
  it('a broken valid property set always gives a ValidationError', () => {
    fc.assert(
      fc.property(validProperties, breakers, (raw, breakIt) => {
        // GIVEN a valid set with one rule broken WHEN planned THEN a ValidationError
        expect(() => planRole(breakIt(raw), context())).toThrow(ValidationError);
      }),
      RUNS,
    );
  });

  it('arbitrary input never throws anything but ValidationError or QuotaError', () => {
    const keys = fc.constantFrom('Persona', 'Activities', 'PassRoles', 'S3Buckets', 'Tags', 'UserIsolation', 'Path', 'MaxSessionDuration', 'VpcSubnetIds');
    const junk = fc.oneof(fc.anything(), fc.dictionary(keys, fc.anything()));
    fc.assert(
      fc.property(junk, (raw) => {
        // GIVEN anything at all WHEN planned THEN only the engine's own errors
        try {
          planRole(raw, context());
        } catch (error) {
          expect(error instanceof ValidationError || error instanceof QuotaError).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
