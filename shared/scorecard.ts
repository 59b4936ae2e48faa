import type { Account, Settings } from './records';

export type Indicator = Settings['scorecard'][number];
export type ScoreFamily = Indicator['family'];
export const SCORE_FAMILIES: readonly ScoreFamily[] = ['attractiveness', 'potential', 'relationship'];

export interface ScoreBreakdown {
  /** Weighted mean of the scored indicators, 0–10; null when nothing is scored. */
  composite: number | null;
  families: { family: ScoreFamily; score: number | null; weight: number }[];
  indicators: { indicator: Indicator; score: number | null; contribution: number }[];
}

/**
 * The team's scorecard applied to an account: each indicator's 0–10 score times its weight, over
 * the weights of the indicators scored, so an unscored indicator neither helps nor hurts. Explained,
 * not a black box: every indicator's share of the composite is returned.
 */
export function scoreAccount(scores: Account['scores'], scorecard: readonly Indicator[]): ScoreBreakdown {
  const scored = scorecard.filter((i) => typeof scores[i.id] === 'number' && i.weight > 0);
  const totalWeight = scored.reduce((sum, i) => sum + i.weight, 0);
  const composite = totalWeight > 0 ? scored.reduce((sum, i) => sum + i.weight * scores[i.id]!, 0) / totalWeight : null;
  return {
    composite: composite === null ? null : Math.round(composite * 10) / 10,
    families: SCORE_FAMILIES.map((family) => {
      const inFamily = scored.filter((i) => i.family === family);
      const weight = inFamily.reduce((sum, i) => sum + i.weight, 0);
      return {
        family,
        weight,
        score:
          weight > 0
            ? Math.round((inFamily.reduce((sum, i) => sum + i.weight * scores[i.id]!, 0) / weight) * 10) / 10
            : null,
      };
    }),
    indicators: scorecard.map((indicator) => {
      const score = typeof scores[indicator.id] === 'number' ? scores[indicator.id]! : null;
      return {
        indicator,
        score,
        contribution: score !== null && totalWeight > 0 ? (indicator.weight * score) / totalWeight : 0,
      };
    }),
  };
}
