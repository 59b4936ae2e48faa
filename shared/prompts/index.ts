export {
  computePrompts,
  comparePrompts,
  snoozeKey,
  DEFAULT_CADENCE_DAYS,
  DEFAULT_LEAD_DAYS,
  PromptEngine,
  PromptIndex,
} from './engine';
export { RULES } from './rules';
export * from './types';
