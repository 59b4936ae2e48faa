import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/wrangler';

/** Replaces (or appends) one benchmark's section of bench/RESULTS.md, between its markers. */
export function writeResultsSection(name: string, body: string): void {
  const file = join(ROOT, 'bench', 'RESULTS.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const previous = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\nEach section is written by its benchmark script; rerun the script to refresh it.\n';
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  const next = previous.includes(start)
    ? previous.replace(pattern, () => section)
    : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
