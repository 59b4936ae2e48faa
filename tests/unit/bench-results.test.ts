import { describe, expect, it } from 'vitest';
import { tableResults, withPreviousResults } from '../../bench/lib/results';

const OLD = `<!-- overlay:start -->
## Webmail overlay (issue 4) — 2026-11-23

| measure | result | target |
| --- | --- | --- |
| thread DOM inserted → chip drawn, over 100 thread opens | p50 27.4 ms, **p95 36.7 ms** | p95 ≤ 50 ms |
| content script, gzipped | **10.2 KB** | ≤ 20 KB |
<!-- overlay:end -->`;

const NEW = `## Webmail overlay (issue 4) — 2026-12-03

Some words | with a bar in them.

| measure | result | target |
| --- | --- | --- |
| thread DOM inserted → chip drawn, over 100 thread opens | p50 9.1 ms, **p95 11.5 ms** | p95 ≤ 16 ms |
| side panel opened → context drawn | p50 140 ms, **p95 150 ms** | ≤ 150 ms |
| content script, gzipped | **12.1 KB** | ≤ 20 KB |`;

describe('benchmark results keep the previous figure beside the new one', () => {
  it('adds a previous column with the replaced section’s result and date; a new measure has none', () => {
    const out = withPreviousResults(NEW, OLD);
    expect(out).toContain('| measure | result | previous (2026-11-23) | target |');
    expect(out).toContain('| --- | --- | --- | --- |');
    expect(out).toContain(
      '| thread DOM inserted → chip drawn, over 100 thread opens | p50 9.1 ms, **p95 11.5 ms** | p50 27.4 ms, p95 36.7 ms | p95 ≤ 16 ms |',
    );
    expect(out).toContain('| side panel opened → context drawn | p50 140 ms, **p95 150 ms** | — | ≤ 150 ms |');
    expect(out).toContain('| content script, gzipped | **12.1 KB** | 10.2 KB | ≤ 20 KB |');
    expect(out).toContain('Some words | with a bar in them.');
  });

  it('reads a section that already has a previous column by its result, and matches rows whatever their counts', () => {
    const once = `## X — 2026-12-03\n\n${withPreviousResults(NEW, OLD).split('\n').slice(2).join('\n')}`;
    const quick = NEW.replace('over 100 thread opens', 'over 30 thread opens');
    const twice = withPreviousResults(quick, once);
    expect(twice).toContain('| p50 9.1 ms, **p95 11.5 ms** | p50 9.1 ms, p95 11.5 ms | p95 ≤ 16 ms |');
    expect(tableResults(once).size).toBe(3);
  });

  it('with nothing before it, every previous cell says so', () => {
    expect(withPreviousResults(NEW, null)).toContain('| measure | result | previous | target |');
    expect(withPreviousResults(NEW, null).match(/\| — \|/g)).toHaveLength(3);
  });
});
