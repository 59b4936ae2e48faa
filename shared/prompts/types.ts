import type { LocalDate } from '../calendar';
import type { PagePerson } from '../page-context';
import type { Account, Contact, Deal, Interaction, PromptState, Settings, Task, Tier } from '../records';

export const PROMPT_RULES = [
  'follow-up-due',
  'review-due',
  'care-date',
  'complaint-overdue',
  'email-not-logged',
  'unknown-sender',
  'no-next-step',
  'visit-checklist',
  'task-overdue',
  'deal-close-passed',
  'deal-stalled',
  'deal-renewal',
  'deal-big-no-step',
  'deal-won-kickoff',
] as const;
export type PromptRuleName = (typeof PROMPT_RULES)[number];

/**
 * A prompt's words, as a message of the extension's catalogs (extension/i18n) and the values it
 * names, so each UI language writes it its own way. A value is plain text (a name, a label the team
 * typed), a number, a calendar day or a moment (written in the reader's language), or a phrase
 * of its own ("3 days", "today").
 */
export interface PromptText {
  key: PromptTextKey;
  vars?: Record<string, PromptVar>;
}
export type PromptVar = string | number | { date: LocalDate } | { time: number } | PromptText;

/** Every message a prompt may use; each is a key of every UI catalog (the type check fails otherwise). */
export const PROMPT_TEXT_KEYS = [
  'promptText.days',
  'promptText.hours',
  'promptText.steps',
  'promptText.today',
  'promptText.inDays',
  'promptText.aRecord',
  'promptText.itsDomain',
  'promptText.followUp.title',
  'promptText.followUp.reason',
  'promptText.followUp.reasonNew',
  'promptText.review.title',
  'promptText.review.reason',
  'promptText.care.title',
  'promptText.care.reason',
  'promptText.complaint.title',
  'promptText.complaint.reason',
  'promptText.emailNotLogged.title',
  'promptText.emailNotLogged.reason',
  'promptText.emailNotLogged.reasonNew',
  'promptText.unknownSender.title',
  'promptText.unknownSender.reason',
  'promptText.noNextStep.title',
  'promptText.noNextStep.reason',
  'promptText.visit.title',
  'promptText.visit.reason',
  'promptText.visit.reasonDone',
  'promptText.task.title',
  'promptText.task.overdue',
  'promptText.task.due',
  'promptText.dealClosePassed.title',
  'promptText.dealClosePassed.reason',
  'promptText.dealStalled.title',
  'promptText.dealStalled.reason',
  'promptText.dealRenewal.title',
  'promptText.dealRenewal.reason',
  'promptText.dealBigNoStep.title',
  'promptText.dealBigNoStep.reason',
  'promptText.dealKickoff.title',
  'promptText.dealKickoff.reason',
  'promptText.decay.score',
  'promptText.decay.engagement',
  'promptText.mismatch.value',
  'promptText.mismatch.score',
] as const;
export type PromptTextKey = (typeof PROMPT_TEXT_KEYS)[number];

/** What a rep can do with a prompt, from where it is shown. */
export type PromptAction =
  | 'done'
  | 'snooze'
  | 'make-task'
  | 'log-email'
  | 'add-contact'
  | 'open-visit'
  | 'review'
  | 'open-deal';

export interface Prompt {
  /** Stable across recomputation: rule, subject and (for dated prompts) the occurrence. */
  key: string;
  rule: PromptRuleName;
  /** The record the prompt is about (account, contact, task or deal) and its account, if any. */
  subjectId: string;
  accountId: string | null;
  title: PromptText;
  /** Why it fired, in words: "Tier A: last touch 41 days ago; cadence 14 days". */
  reason: PromptText;
  /** 0–100; higher first within the same `when`. */
  priority: number;
  tier: Tier | null;
  /** The calendar day it is due (in the rep's time zone). */
  due: LocalDate;
  when: 'overdue' | 'today' | 'upcoming';
  actions: PromptAction[];
}

/** Everything the rules read: records from the cache (deleted ones are ignored by the engine). */
export interface PromptData {
  accounts: readonly Account[];
  contacts: readonly Contact[];
  interactions: readonly Interaction[];
  tasks: readonly Task[];
  settings: Settings | undefined;
  states: readonly PromptState[];
  /** The team's deals (none when left out). */
  deals?: readonly Deal[];
  /**
   * True when `deals` holds only some accounts' deals (beside one email, on one account): rules that
   * compare a deal with all the others (the biggest 20%) stay quiet then.
   */
  dealsPartial?: boolean;
}

/** The open email, when prompts are computed beside it. */
export interface EmailPromptContext {
  people: readonly PagePerson[];
  subject: string | undefined;
  logged: boolean;
}

export interface PromptClock {
  now: number;
  timeZone: string;
  /** The rep the prompts are for (their own tasks). */
  memberId: string;
  email?: EmailPromptContext;
}
