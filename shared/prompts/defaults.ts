import type { Tier } from '../records';
import type { PromptRuleName } from './types';

/** The defaults a team's settings override: small enough for a page to read without the engine. */
export const DEFAULT_CADENCE_DAYS: Record<Tier, number> = { A: 14, B: 30, C: 90 };
/** How many days ahead a rule shows what is coming, unless the team set `leadDays`. */
export const DEFAULT_LEAD_DAYS: Record<PromptRuleName, number> = {
  'follow-up-due': 3,
  'review-due': 7,
  'care-date': 7,
  'complaint-overdue': 0,
  'email-not-logged': 0,
  'unknown-sender': 0,
  'no-next-step': 0,
  'visit-checklist': 0,
  'task-overdue': 1,
  'deal-close-passed': 0,
  /** For stalled deals: the days without an interaction, in its stage, before it counts as stalled. */
  'deal-stalled': 21,
  'deal-renewal': 60,
  'deal-big-no-step': 0,
  /** For won deals: the days after the win the kickoff visit is suggested. */
  'deal-won-kickoff': 14,
};
