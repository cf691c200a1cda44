// Regions, property-based: for any valid property set and any regions of the
// partition, the plan grants exactly the union of what the role would grant in
// each region alone, no regional ARN outside the listed regions, and the order
// of Regions never changes the plan.

import fc from 'fast-check';
import { arnBuilder, parseProperties, planRole, renderUnmerged, type Statement } from '../../src/policy-engine';
import { canonicalConditions } from '../../src/policy-engine/conditions';
import { OTHER_REGIONS, validProperties } from './support/arbitraries';
import { allStatements, context, list } from './support/engine';

const RUNS = { numRuns: 25, seed: 20261201 };

function grants(statements: readonly Statement[]): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    const condition = JSON.stringify(canonicalConditions(s.Condition) ?? {});
    for (const action of list(s.Action)) for (const resource of list(s.Resource)) out.add(`${action} ${resource} ${condition}`);
  }
  return [...out].sort();
}

/** us-east-1 (where the generated keys and repository ARNs live) plus any others, in any order. */
const regions = fc
  .subarray([...OTHER_REGIONS], { minLength: 0, maxLength: 2 })
  .chain((others) => fc.shuffledSubarray(['us-east-1', ...others], { minLength: others.length + 1 }));

const withRegions = fc.tuple(validProperties, regions).map(([raw, r]) => ({ raw: { ...raw, Regions: r }, regions: r }));

describe('property-based: Regions', () => {
  it('grants exactly the union of each region alone', () => {
    fc.assert(
      fc.property(withRegions, ({ raw, regions: listed }) => {
        // GIVEN any valid property set for some regions WHEN planned
        const ctx = context();
        const plan = planRole(raw, ctx);
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
        const plan = planRole(raw, context());
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
