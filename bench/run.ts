// npm run bench: runs every benchmark section, prints one table and writes
// bench/results/latest.json. Sections are a static list; a section whose file
// is not there (yet) is skipped and reported.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchModule, BenchSection } from './types';

const SECTIONS = ['engine', 'provider'] as const;

function table(sections: BenchSection[]): string {
  const rows = sections.flatMap((s) =>
    s.rows.map((r) => [s.name, r.metric, String(r.value), r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS']),
  );
  const header = ['section', 'metric', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const sections: BenchSection[] = [];
  for (const name of SECTIONS) {
    if (!existsSync(join(__dirname, `${name}.ts`))) {
      process.stdout.write(`(section ${name}: bench/${name}.ts not present, skipped)\n`);
      continue;
    }
    const mod = (await import(`./${name}`)) as BenchModule;
    sections.push(await mod.run());
  }
  process.stdout.write(`${table(sections)}\n`);
  const results = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    sections,
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const missed = sections.flatMap((s) => s.rows).filter((r) => r.ok === false).length;
  process.stdout.write(`wrote bench/results/latest.json${missed > 0 ? ` (${missed} targets missed)` : ''}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
