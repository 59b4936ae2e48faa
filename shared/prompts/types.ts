import type { LocalDate } from '../calendar';
import type { PagePerson } from '../page-context';
import type { Account, Contact, Interaction, PromptState, Settings, Task, Tier } from '../records';

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
] as const;
export type PromptRuleName = (typeof PROMPT_RULES)[number];

/** What a rep can do with a prompt, from where it is shown. */
export type PromptAction = 'done' | 'snooze' | 'make-task' | 'log-email' | 'add-contact' | 'open-visit' | 'review';

export interface Prompt {
  /** Stable across recomputation: rule, subject and (for dated prompts) the occurrence. */
  key: string;
  rule: PromptRuleName;
  /** The record the prompt is about (account, contact or task) and its account, if any. */
  subjectId: string;
  accountId: string | null;
  title: string;
  /** Why it fired, in words: "Tier A: last touch 41 days ago; cadence 14 days". */
  reason: string;
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
