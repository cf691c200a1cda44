// "Did you mean" hints for misspelt property names, persona ids and activity ids.

/** Levenshtein distance, case-insensitive: `s3buckets` is one edit from nothing but a typo of `S3Buckets`. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length];
}

/** The closest candidate within a third of its length, or undefined when nothing is plausibly meant. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  // An input longer than any candidate plus its allowance cannot match: skip the
  // quadratic distance work (hostile or fuzzed inputs run to thousands of characters).
  const longest = Math.max(0, ...candidates.map((c) => c.length));
  if (input.length > longest + Math.max(2, Math.ceil(longest / 3))) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(2, Math.ceil(best.length / 3)) ? best : undefined;
}

/** `; did you mean "X"?` or an empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = closest(input, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}
