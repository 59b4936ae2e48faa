import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/wrangler';

const FILE = join(ROOT, 'bench', 'RESULTS.md');
const HEADER = /^\|\s*measure\s*\|\s*result\s*\|\s*(?:previous[^|]*\|\s*)?target\s*\|$/;
const SEPARATOR = /^\|(\s*-+\s*\|)+$/;

const cells = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
/** Rows match across runs by their words, not their counts ("over 100 opens" is "over 20 opens" in a quick run). */
const measureKey = (measure: string) => measure.replace(/[\d.,]+/g, '#').toLowerCase();

/** Each measure's result in a section's tables (`| measure | result | [previous |] target |`). */
export function tableResults(section: string): Map<string, string> {
  const found = new Map<string, string>();
  let inTable = false;
  for (const line of section.split('\n').map((l) => l.trim())) {
    if (HEADER.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !SEPARATOR.test(line)) {
      const row = cells(line);
      if (row.length >= 3) found.set(measureKey(row[0]!), row[1]!);
    }
  }
  return found;
}

/**
 * Adds a "previous" column to a new section's result tables: the result the same measure had in
 * the section being replaced (its date from that section's heading), so a regression shows where
 * it is read.
 */
export function withPreviousResults(body: string, previousSection: string | null): string {
  const before = previousSection ? tableResults(previousSection) : new Map<string, string>();
  const date = previousSection?.match(/—\s*(\d{4}-\d{2}-\d{2})/)?.[1] ?? '';
  let inTable = false;
  return body
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (HEADER.test(trimmed)) {
        inTable = true;
        return `| measure | result | previous${date ? ` (${date})` : ''} | target |`;
      }
      if (!trimmed.startsWith('|')) {
        inTable = false;
        return line;
      }
      if (!inTable) return line;
      if (SEPARATOR.test(trimmed)) return '| --- | --- | --- | --- |';
      const row = cells(trimmed);
      if (row.length !== 3) return line;
      const old = before.get(measureKey(row[0]!))?.replace(/\*\*/g, '') ?? '—';
      return `| ${row[0]} | ${row[1]} | ${old} | ${row[2]} |`;
    })
    .join('\n');
}

/** Replaces (or appends) one benchmark's section of bench/RESULTS.md, between its markers, keeping the previous figures beside the new. */
export function writeResultsSection(name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const previous = existsSync(FILE)
    ? readFileSync(FILE, 'utf8')
    : '# Benchmark results\n\nEach section is written by its benchmark script; rerun the script to refresh it.\n';
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  const old = previous.match(pattern)?.[0] ?? null;
  const section = `${start}\n${withPreviousResults(body.trim(), old)}\n${end}`;
  const next = previous.includes(start)
    ? previous.replace(pattern, () => section)
    : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A figure a benchmark checks against its budget (milliseconds unless `unit` says otherwise). */
export interface Budgeted {
  measure: string;
  value: number;
  budget: number;
  unit?: string;
}

/**
 * Says which figures are past their budget, one line each, and a line `[budget] …` that
 * `npm run bench:quick` collects; a quick run's figures come from smaller data, so they warn, not fail.
 */
export function checkBudgets(bench: string, figures: readonly Budgeted[]): boolean {
  let ok = true;
  for (const f of figures) {
    const over = f.value > f.budget;
    if (over) ok = false;
    const unit = f.unit ?? 'ms';
    console.log(
      `[budget] ${bench}: ${f.measure} ${f.value.toFixed(1)} ${unit} (budget ${f.budget} ${unit}) ${over ? 'OVER BUDGET' : 'ok'}`,
    );
  }
  return ok;
}
