import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import { useId, useState, type ReactNode } from 'react';
import type { Tier } from '../../../shared/records';
import { useT } from '../../i18n/react';

/**
 * The portfolio's charts, drawn with visx (scales and shapes from d3, rendered as React SVG: no
 * canvas, so the charts follow the page's colours in dark mode and print sharp to PDF). Every
 * chart is a figure whose caption says in words what it shows; the SVG carries the same sentence
 * as its label, and a "Table" button swaps it for the numbers as a table.
 */
export function ChartFigure({
  title,
  summary,
  table,
  children,
  testId,
}: {
  title: string;
  summary: string;
  table: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useT();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <figure className="chart card stack" data-testid={testId} aria-labelledby={headingId}>
      <div className="row chart-head">
        <h3 id={headingId}>{title}</h3>
        <button
          type="button"
          className="btn small no-print"
          aria-pressed={asTable}
          onClick={() => setAsTable(!asTable)}
        >
          {t('portfolio.tableView')}
        </button>
      </div>
      <figcaption className="muted">{summary}</figcaption>
      {asTable ? table : <div className="chart-body">{children}</div>}
    </figure>
  );
}

export interface BarSeries {
  key: string;
  label: string;
  /** A class of ui.css that colours the bars (fill follows the theme). */
  className: string;
}
export interface BarRow {
  key: string;
  label: string;
  /** One value per series, stacked left to right. */
  values: number[];
  /** Written at the bar's end ("12 of 20"). */
  note: string;
}

const ROW = 26;
const LABEL_W = 150;
const NOTE_W = 120;
const WIDTH = 560;

/** Horizontal bars, one row per group, the series stacked: coverage, reviews, pipeline per owner. */
export function BarChart({
  rows,
  series,
  summary,
  max,
}: {
  rows: readonly BarRow[];
  series: readonly BarSeries[];
  summary: string;
  /** The scale's end (a share's 1); the largest row's total otherwise. */
  max?: number;
}) {
  const height = Math.max(1, rows.length) * ROW + 8;
  const top = max ?? Math.max(1, ...rows.map((r) => r.values.reduce((s, v) => s + v, 0)));
  const x = scaleLinear<number>({ domain: [0, top], range: [0, WIDTH - LABEL_W - NOTE_W] });
  const y = scaleBand<string>({ domain: rows.map((r) => r.key), range: [4, height - 4], padding: 0.25 });
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={summary} className="chart-svg">
      {rows.map((row) => {
        let at = 0;
        const top = y(row.key) ?? 0;
        return (
          <Group key={row.key} top={top}>
            <text x={LABEL_W - 8} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="chart-label">
              {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
            </text>
            {row.values.map((v, i) => {
              const left = LABEL_W + x(at);
              at += v;
              return (
                <Bar
                  key={series[i]!.key}
                  x={left}
                  y={0}
                  width={Math.max(0, x(v))}
                  height={y.bandwidth()}
                  className={series[i]!.className}
                />
              );
            })}
            <text x={LABEL_W + x(top === 0 ? 0 : at) + 6} y={y.bandwidth() / 2} dy="0.35em" className="chart-note">
              {row.note}
            </text>
          </Group>
        );
      })}
    </svg>
  );
}

/** A legend for the series (the colours say nothing to a screen reader; the caption and table do). */
export function Legend({ series }: { series: readonly BarSeries[] }) {
  return (
    <ul className="legend row wrap" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key}>
          <svg width="12" height="12" viewBox="0 0 12 12">
            <title>{s.label}</title>
            <rect width="12" height="12" className={s.className} />
          </svg>{' '}
          {s.label}
        </li>
      ))}
    </ul>
  );
}

const PARETO_H = 180;
const PARETO_SAMPLES = 200;

/**
 * The 80/20 picture: accounts in value order along the bottom, the cumulative share of value up
 * the side; each column is coloured by the account's tier, and a line marks 80%.
 */
export function CumulativeChart({
  points,
  summary,
}: {
  points: readonly { cumulative: number; tier: Tier }[];
  summary: string;
}) {
  const n = points.length;
  // At most 200 columns: with 20,000 accounts each column is the last account of its slice.
  const step = Math.max(1, Math.ceil(n / PARETO_SAMPLES));
  const sampled: { rank: number; cumulative: number; tier: Tier }[] = [];
  for (let i = step - 1; i < n + step - 1; i += step) {
    const at = Math.min(i, n - 1);
    sampled.push({ rank: at + 1, ...points[at]! });
    if (at === n - 1) break;
  }
  const left = 48; // room for "100%" at the chart-note size
  const width = WIDTH - left - 8;
  const x = scaleBand<number>({ domain: sampled.map((s) => s.rank), range: [0, width], padding: 0.1 });
  const y = scaleLinear<number>({ domain: [0, 1], range: [PARETO_H, 0] });
  return (
    <svg viewBox={`0 0 ${WIDTH} ${PARETO_H + 32}`} width="100%" role="img" aria-label={summary} className="chart-svg">
      <Group left={left} top={12}>
        {[0, 0.5, 0.8, 1].map((v) => (
          <text key={v} x={-6} y={y(v)} dy="0.35em" textAnchor="end" className="chart-note">
            {Math.round(v * 100)}%
          </text>
        ))}
        {sampled.map((s) => (
          <Bar
            key={s.rank}
            x={x(s.rank) ?? 0}
            y={y(s.cumulative)}
            width={x.bandwidth()}
            height={PARETO_H - y(s.cumulative)}
            className={`fill-tier-${s.tier}`}
          />
        ))}
        <LinePath data={[0, width]} x={(d) => d} y={() => y(0.8)} className="chart-rule" />
        <text x={0} y={PARETO_H + 16} className="chart-note">
          1
        </text>
        <text x={width} y={PARETO_H + 16} textAnchor="end" className="chart-note">
          {n}
        </text>
      </Group>
    </svg>
  );
}
