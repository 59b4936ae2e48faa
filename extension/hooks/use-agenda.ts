import { useEffect, useState } from 'react';
import type { Prompt } from '../../shared/prompts';
import { agendaStore } from '../lib/agenda-store';
import { getDb } from '../lib/db';

/** Today's prompts for the rep, kept current incrementally; `undefined` until the first read. */
export function useAgenda(memberId: string): Prompt[] | undefined {
  const [prompts, setPrompts] = useState<Prompt[] | undefined>(undefined);
  useEffect(() => agendaStore(getDb(), memberId).subscribe(setPrompts), [memberId]);
  return prompts;
}
