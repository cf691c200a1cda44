// Condition blocks: combining them and putting them in canonical order.

import type { ConditionBlock } from './types';

/** Combine condition blocks; the same operator and key twice is a catalog bug, never silently overwritten. */
export function combineConditions(...blocks: (ConditionBlock | undefined)[]): ConditionBlock | undefined {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const block of blocks) {
    if (!block) continue;
    for (const [operator, entries] of Object.entries(block)) {
      const target = (out[operator] ??= {});
      for (const [key, value] of Object.entries(entries)) {
        if (key in target) throw new Error(`condition ${operator} ${key} is set twice on one statement`);
        target[key] = value;
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by UTF-16 code units (the default sort order), duplicates removed. */
export function sortedUnique(values: readonly string[]): string[] {
  // Catalog lists are usually written sorted already: skip the sort then.
  let ordered = true;
  for (let i = 1; i < values.length && ordered; i++) ordered = values[i - 1] < values[i];
  if (ordered) return values.slice();
  const sorted = values.slice().sort();
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

/** One value as a string, several as a sorted array: IAM treats value lists as sets. */
export function compactList(values: readonly string[]): string | string[] {
  const list = sortedUnique(values);
  return list.length === 1 ? list[0] : list;
}

/** Operators and keys sorted, values sorted and compacted, so equal conditions serialize equally. */
export function canonicalConditions(block: ConditionBlock | undefined): ConditionBlock | undefined {
  if (!block) return undefined;
  const out: ConditionBlock = {};
  for (const operator of Object.keys(block).sort(compareStrings)) {
    const entries = block[operator];
    const keys = Object.keys(entries).sort(compareStrings);
    if (keys.length === 0) continue;
    out[operator] = {};
    for (const key of keys) {
      const value = entries[key];
      out[operator][key] = compactList(typeof value === 'string' ? [value] : value);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export { compareStrings };
