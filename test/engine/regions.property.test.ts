// Regions, property-based: for any valid property set and any regions of the
// partition, the plan grants exactly the union of what the role would grant in
// each region alone, no regional ARN outside the listed regions, and the order
// of Regions never changes the plan.

import fc from 'fast-check';
import { arnBuilder, parseProperties, planRole, QuotaError, renderUnmerged, type RolePlan } from '../../src/policy-engine';
import { OTHER_REGIONS, validProperties } from './support/arbitraries';
import { allStatements, context, grants, list } from './support/engine';

const RUNS = { numRuns: 25, seed: 20261201 };

/** us-east-1 (where the generated keys and repository ARNs live) plus any others, in any order. */
const regions = fc
  .subarray([...OTHER_REGIONS], { minLength: 0, maxLength: 2 })
  .chain((others) => fc.shuffledSubarray(['us-east-1', ...others], { minLength: others.length + 1 }));

const withRegions = fc.tuple(validProperties, regions).map(([raw, r]) => ({ raw: { ...raw, Regions: r }, regions: r }));

/**
 * The plan, or a discarded run when it does not fit IAM's quotas: each region
 * adds its ARNs, so large property sets in three regions can overflow, which
 * planRole reports as a QuotaError before touching IAM (a failure users see
 * clearly, tested with the packer); these properties are about what fits.
 */
function planOrDiscard(raw: Record<string, unknown>): RolePlan {
  try {
    return planRole(raw, context());
  } catch (error) {
    fc.pre(!(error instanceof QuotaError));
    throw error;
  }
}

describe('property-based: Regions', () => {
  it('grants exactly the union of each region alone', () => {
    fc.assert(
      fc.property(withRegions, ({ raw, regions: listed }) => {
        // GIVEN any valid property set for some regions WHEN planned
        const ctx = context();
        const plan = planOrDiscard(raw);
        // THEN its grants are the union of the single-region renders, region by region
        const props = parseProperties(raw);
        const perRegion = listed.flatMap((region) =>
          renderUnmerged({ ...props, regions: [region] }, arnBuilder(ctx.partition, region, ctx.account)).flatMap((s) => s.statements),
        );
        expect(grants(allStatements(plan))).toEqual(grants(perRegion));
      }),
      RUNS,
    );
  });

  it('names no region outside Regions in any ARN, and the order of Regions does not matter', () => {
    fc.assert(
      fc.property(withRegions, ({ raw, regions: listed }) => {
        // GIVEN any valid property set for some regions WHEN planned
        const plan = planOrDiscard(raw);
        // THEN every regional ARN (resources and condition values) is in one of the regions
        for (const s of allStatements(plan)) {
          const values = [...list(s.Resource), ...Object.values(s.Condition ?? {}).flatMap((c) => Object.values(c).flatMap(list))];
          for (const v of values.filter((x) => x.startsWith('arn:'))) {
            const region = v.split(':')[3];
            if (region !== '') expect(listed).toContain(region);
          }
        }
        // AND the reversed list plans byte-identically
        expect(JSON.stringify(planRole({ ...raw, Regions: [...listed].reverse() }, context()))).toBe(JSON.stringify(plan));
      }),
      RUNS,
    );
  });
});
