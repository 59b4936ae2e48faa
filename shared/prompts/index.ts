export { computePrompts, comparePrompts, snoozeKey, PromptEngine, PromptIndex } from './engine';
export { DEFAULT_CADENCE_DAYS, DEFAULT_LEAD_DAYS } from './defaults';
export { RULES } from './rules';
export * from './types';
