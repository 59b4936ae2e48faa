/** An axe-core result's serious and critical violations as readable lines (the Chromium and Firefox checks alike). */
export function seriousViolations(
  violations: readonly { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[],
  label: string,
): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
