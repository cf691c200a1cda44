// Prints, per activity, how many actions UserIsolation puts in each class, the
// reasons of what stays shared or is not granted, and why refused activities
// are refused. Counts come from the catalog's isolation blocks and are checked
// here against the classes derived from the statements the engine renders
// (the derivation test/semantics/abac-classification.test.ts uses), so the
// table cannot report a label the policy does not implement.
// Run: npx tsx scripts/isolation-table.ts

import { ACTIVITIES, isRefusal, type ActivityDefinition, type IsolationClasses } from '../src/policy-engine/catalog';
import { declaredClasses, derivedClasses, PER_USER, renderedStatements } from '../test/semantics/abac-support';

const COLUMNS = ['owner-checked', 'created-as-owner', 'parent-checked', 'shared by design', 'not granted'] as const;

function counts(isolation: IsolationClasses): number[] {
  return declaredClasses(isolation).map((m) => m.size);
}

/** Declared class of every action the rendered isolated statements grant, or the mismatches. */
function mismatches(activity: ActivityDefinition, isolation: IsolationClasses, perUser: boolean): string[] {
  const declared = declaredClasses(isolation);
  const statements = [...renderedStatements(activity, true, perUser), ...renderedStatements(activity, true, perUser, true)];
  const derived = derivedClasses(statements, perUser ? PER_USER : undefined);
  const out: string[] = [];
  for (const [action, cls] of derived) {
    const label = declared.map((m) => m.get(action)).find((c) => c !== undefined);
    if (label !== cls) out.push(`${action}: rendered ${cls}, declared ${label ?? 'nothing'}`);
  }
  return out;
}

const rows: string[] = [];
const notes: string[] = [];
const problems: string[] = [];
const totals = [0, 0, 0, 0, 0];
for (const activity of ACTIVITIES) {
  const iso = activity.isolation;
  const classes = isRefusal(iso) ? iso.perUserRole : iso;
  if (classes !== undefined) {
    const perUser = isRefusal(iso);
    const n = counts(classes);
    n.forEach((v, i) => (totals[i] += v));
    problems.push(...mismatches(activity, classes, perUser).map((m) => `${activity.id}: ${m}`));
    const label = perUser ? `${activity.id} (per-user role only; refused in a shared role)` : activity.id;
    rows.push(`| ${label} | ${n.join(' | ')} |`);
    for (const group of classes.shared) notes.push(`- ${activity.id}, shared by design: ${group.actions.join(', ')}: ${group.reason}`);
    for (const group of classes.withheld ?? []) notes.push(`- ${activity.id}, not granted: ${group.actions.join(', ')}: ${group.reason}`);
  }
  if (isRefusal(iso)) notes.push(`- ${activity.id}, refused${iso.perUserRole ? ' in a shared role' : ''}: ${iso.refused}; instead: ${iso.instead}`);
}

console.log(`| Activity | ${COLUMNS.join(' | ')} |`);
console.log(`|---|${COLUMNS.map(() => '---:').join('|')}|`);
for (const row of rows) console.log(row);
console.log(`| **total** | ${totals.join(' | ')} |`);
console.log('');
for (const note of notes) console.log(note);
if (problems.length > 0) {
  console.error(`\n${problems.length} actions whose rendered class differs from the catalog:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
