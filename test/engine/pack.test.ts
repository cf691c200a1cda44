import { DEFAULT_LIMITS, packStatements, planRole, policyJson, QuotaError, type Statement } from '../../src/policy-engine';
import { ACCOUNT, context, dataScientistProps, list } from './support/engine';

const ROLE = 'SageMaker-team-a';

/** A statement of about `chars` characters: one action on resources of 60 characters each. */
function sized(id: number, chars: number): Statement {
  const count = Math.max(1, Math.round(chars / 63));
  const resources = Array.from({ length: count }, (_, i) =>
    `arn:aws:s3:::bucket-${String(id).padStart(4, '0')}-${String(i).padStart(4, '0')}/${'x'.repeat(26)}`,
  );
  return { Effect: 'Allow', Action: `s3:GetObject${id}`, Resource: resources };
}

function grants(statements: Statement[]): string[] {
  return statements.flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${a} ${r}`))).sort();
}

function pack(statements: Statement[], managedPolicyArnCount = 0, limits = DEFAULT_LIMITS) {
  return packStatements({ statements, roleName: ROLE, managedPolicyArnCount, limits });
}

describe('packStatements', () => {
  it('keeps a small role in one inline policy', () => {
    // GIVEN 3 KB of statements WHEN packed
    const result = pack([sized(1, 1000), sized(2, 1000), sized(3, 1000)]);
    // THEN one inline policy named for the resource type, nothing managed
    expect(result.inlinePolicies.map((p) => p.name)).toEqual(['SageMakerPersonaRole']);
    expect(result.managedPolicies).toEqual([]);
  });

  it('overflows into managed policies named after the role, each within its quota', () => {
    // GIVEN 20 KB of statements WHEN packed
    const input = Array.from({ length: 10 }, (_, i) => sized(i, 2000));
    const result = pack(input);
    // THEN inline is filled first and the rest goes to SageMaker-team-a-1, -2 …
    const inlineChars = policyJson(result.inlinePolicies[0].document).length;
    expect(inlineChars).toBeLessThanOrEqual(DEFAULT_LIMITS.inlinePolicyChars);
    expect(inlineChars).toBeGreaterThan(DEFAULT_LIMITS.inlinePolicyChars - 2200);
    expect(result.managedPolicies.map((p) => p.name)).toEqual(['SageMaker-team-a-1', 'SageMaker-team-a-2']);
    for (const policy of result.managedPolicies) {
      expect(policyJson(policy.document).length).toBeLessThanOrEqual(DEFAULT_LIMITS.managedPolicyChars);
    }
    // AND every grant is still there
    const packed = [...result.inlinePolicies, ...result.managedPolicies].flatMap((p) => p.document.Statement);
    expect(grants(packed)).toEqual(grants(input));
  });

  it('splits a statement too big for any document by its resources', () => {
    // GIVEN one 15,000-character statement WHEN packed
    const input = [sized(1, 15_000)];
    const result = pack(input);
    // THEN it is split across documents that each fit, allowing exactly the same
    const docs = [...result.inlinePolicies, ...result.managedPolicies];
    expect(docs.length).toBeGreaterThan(1);
    expect(grants(docs.flatMap((p) => p.document.Statement))).toEqual(grants(input));
    expect(policyJson(result.inlinePolicies[0].document).length).toBeLessThanOrEqual(DEFAULT_LIMITS.inlinePolicyChars);
  });

  it('counts the user ManagedPolicyArns against the attached-policy slots', () => {
    // GIVEN 20 KB of statements and 9 of 10 slots taken by the user
    const input = Array.from({ length: 10 }, (_, i) => sized(i, 2000));
    // WHEN packed THEN it does not fit, and the error says why and what to remove
    expect(() => pack(input, 9)).toThrow(QuotaError);
    expect(() => pack(input, 9)).toThrow(/1 managed-policy slots × 6,144; attached-policy limit 10 minus 9 ManagedPolicyArns\).*Remove activities/);
  });

  it('fails with the sizes when a single action on a single resource cannot fit', () => {
    // GIVEN an unsplittable statement larger than any document
    const huge: Statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'k'.repeat(11_000)}` };
    // WHEN packed THEN a QuotaError names the statement size
    expect(() => pack([huge])).toThrow(/1 statement of [\d,]+ characters fits nowhere \(s3:GetObject; a statement is never split/);
  });

  it('is deterministic whatever the input order', () => {
    // GIVEN the same statements in two orders WHEN packed THEN byte-identical results
    const input = Array.from({ length: 12 }, (_, i) => sized(i, 900 + ((i * 397) % 1500)));
    expect(JSON.stringify(pack([...input].reverse()))).toBe(JSON.stringify(pack(input)));
  });

  it('produces no policies for no statements', () => {
    // GIVEN nothing WHEN packed THEN no empty documents (IAM refuses them)
    expect(pack([])).toEqual({ inlinePolicies: [], managedPolicies: [] });
  });
});

describe('the quota message at the limit (issue 11: "need about 70,073 … room for 71,680" and still failed)', () => {
  const passRoles = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/SageMaker-compute-${i + 1}`);
  const buckets = (n: number) => Array.from({ length: n }, (_, i) => `team-a-data-bucket-${i + 1}`);
  const props = (n: number) => dataScientistProps({ PassRoles: passRoles(n), S3Buckets: buckets(n) });
  const fits = (n: number): boolean => {
    try {
      planRole(props(n), context());
      return true;
    } catch (error) {
      if (error instanceof QuotaError) return false;
      throw error;
    }
  };
  /** The first count of buckets and pass roles that no longer fits (405 when the issue was filed). */
  function firstFailing(): number {
    let [low, high] = [1, 2000];
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (fits(mid)) low = mid;
      else high = mid;
    }
    return high;
  }
  const number = (text: string) => Number(text.replace(/,/g, ''));

  it('gives figures that add up and names the grants to shorten', () => {
    // GIVEN the DataScientist defaults with just enough buckets and pass roles not to fit
    const n = firstFailing();
    expect(fits(n - 1)).toBe(true);
    // WHEN planned
    let message = '';
    try {
      planRole(props(n), context());
    } catch (error) {
      message = (error as Error).message;
    }
    // THEN room = inline + slots × managed, and it equals what the documents hold plus the unused gaps
    const room = /Room: ([\d,]+) characters \(([\d,]+) inline \+ (\d+) managed-policy slots × ([\d,]+);/.exec(message);
    expect(room).not.toBeNull();
    const [, total, inline, slots, managed] = (room as RegExpExecArray).map(number);
    expect(total).toBe(inline + slots * managed);
    const take = /Packed, they take ([\d,]+): ([\d,]+) in \d+ statements \(whitespace excluded\)(?: \+ ([\d,]+) where [^+]*)? \+ ([\d,]+) of per-document overhead \((\d+) documents of (\d+) characters each/.exec(message);
    expect(take).not.toBeNull();
    const [, needed, statements, splitting, overhead, documents, perDocument] = (take as RegExpExecArray).map((t) => number(t ?? '0'));
    expect(needed).toBe(statements + splitting + overhead);
    expect(overhead).toBeGreaterThanOrEqual(documents * perDocument);
    expect(documents).toBe(1 + slots);
    const held = /The documents hold ([\d,]+) of it; ([\d,]+) stay unused in gaps of at most ([\d,]+) characters, too small for what is left: (?:1 statement of ([\d,]+) characters fits nowhere \(\S+|\d+ statements of ([\d,]+) characters in all fit nowhere \(the smallest \S+ of ([\d,]+))/.exec(message);
    expect(held).not.toBeNull();
    const [, holds, unused, largestGap, one, many, smallestOfMany] = (held as RegExpExecArray).map((t) => number(t ?? '0'));
    const left = one || many;
    expect(holds + unused).toBe(total);
    expect(holds + left).toBe(needed);
    // AND the reader can see why it does not fit: more is needed than there is room for, or what is left
    // is larger than every gap (the case: the total fits, whole statements do not)
    expect(needed > total || (one || smallestOfMany) > largestGap).toBe(true);
    // AND it names the biggest grants, with their resource counts, and what to remove
    expect(message).toContain(`iam:PassRole on ${n} resources`);
    expect(message).toContain('Remove activities, shorten the parameter lists behind those grants (PassRoles, S3Buckets, ...)');
    // AND a few more values fail with more needed than room
    expect(() => planRole(props(n + 10), context())).toThrow(/Packed, they take/);
    // AND it still fits a CloudFormation response (4,096 bytes with the rest of the body)
    expect(Buffer.byteLength(message)).toBeLessThan(2000);
  });
});
