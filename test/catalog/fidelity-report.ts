// Prints the fidelity table of the catalog (activity, AWS reference, actions
// matched, omitted, extra): npx tsx test/catalog/fidelity-report.ts [--problems]

import { ACTIVITIES } from '../../src/policy-engine/catalog';
import { measure } from './fidelity-support';

async function main(): Promise<void> {
  const showProblems = process.argv.includes('--problems');
  const rows = ['| Activity | AWS reference | AWS actions | matched | omitted | extra |', '|---|---|---|---|---|---|'];
  for (const activity of ACTIVITIES) {
    const r = await measure(activity);
    const refs = activity.fidelity.references.map((ref) => ('file' in ref ? ref.file : ref.doc)).join('<br>');
    rows.push(`| ${r.activity} | ${refs} | ${r.aws.length} | ${r.matched.length} | ${r.omitted.length} | ${r.extra.length} |`);
    if (showProblems && r.problems.length > 0) process.stderr.write(`${r.activity}:\n  ${r.problems.join('\n  ')}\n`);
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

void main();
