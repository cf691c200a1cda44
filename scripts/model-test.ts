// Long run of the model-based fault test (test/support/fault-model.ts):
//   npm run model-test -- --runs 2000 [--seed N] [--verbose]
// Prints sequences, events, deliveries, faults armed/fired, violations per
// invariant and orphans; exits 1 on any violation.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { emptyStats, runSequence, sequenceArb, summarize } from '../test/support/fault-model';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20261201' }, verbose: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const stats = emptyStats();
  const started = Date.now();
  const samples = fc.sample(sequenceArb, { numRuns: runs, seed });
  const examples: string[] = [];
  for (const seq of samples) {
    const found = await runSequence(seq, stats);
    if (found.length && examples.length < 12) examples.push(`seed ${seq.seed}: ${found.map((v) => `[${v.invariant}] ${v.detail}`).join('\n    ')}`);
  }
  const byInvariant = summarize(stats);
  const report = {
    command: `npm run model-test -- --runs ${runs} --seed ${seed}`,
    sequences: stats.sequences,
    events: stats.events,
    deliveries: stats.deliveries,
    faultsArmed: stats.faultsArmed,
    faultsFired: stats.faultsFired,
    lostResponses: stats.lostResponses,
    violations: stats.violations.length,
    failingSequences: stats.failingSequences,
    byInvariant,
    orphansAfterFinalDelete: stats.orphans,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.verbose || stats.violations.length) for (const e of examples) console.log(`  ${e}`);
  process.exitCode = stats.violations.length ? 1 : 0;
}

void main().then(() => process.exit());
