import { buildRecord } from '../../shared/factories';
import { closePatch, movePatch, pipelinesOf } from '../../shared/deals';
import type { Deal, DealRole, Settings } from '../../shared/records';
import type { MarginDB } from '../lib/db';
import { teamSettings } from '../lib/team-settings';
import { MessageError } from '../i18n/errors';
import { todayDay } from './format';
import type { Author } from './author';
import { createRecord, updateRecord, writeBatch, type BatchWrite } from './local-writes';

/**
 * The domain writes for deals (architecture §2, "One write path"): components call these, these call
 * ui/local-writes.ts. The rules themselves (stages, history, closing) are in shared/deals.ts.
 */

export interface NewDeal {
  name: string;
  accountId: string;
  contacts?: { contactId: string; role: DealRole }[];
  ownerId?: string | null;
  pipelineId?: string;
  stageId?: string;
  amount?: number | null;
  currency?: string;
  closeDate?: string | null;
  probability?: number | null;
  nextStep?: string;
  nextStepDate?: string | null;
  source?: string;
}

/** A new open deal, in the first stage of its pipeline unless told, its creation the first entry of its history. */
export async function createDeal(db: MarginDB, input: NewDeal, by: Author): Promise<Deal> {
  const settings = await teamSettings(db);
  const pipelines = pipelinesOf(settings);
  const pipeline = pipelines.find((p) => p.id === input.pipelineId) ?? pipelines[0];
  if (!pipeline) throw new MessageError('deal.noPipeline');
  const stage = pipeline.stages.find((s) => s.id === input.stageId) ?? pipeline.stages[0];
  if (!stage) throw new MessageError('deal.noPipeline');
  const record = buildRecord(
    'deal',
    {
      name: input.name,
      accountId: input.accountId,
      contacts: input.contacts ?? [],
      ownerId: input.ownerId === undefined ? by.memberId : input.ownerId,
      pipelineId: pipeline.id,
      stageId: stage.id,
      amount: input.amount ?? null,
      currency: input.currency ?? settings?.currency ?? 'EUR',
      closeDate: input.closeDate ?? null,
      probability: input.probability ?? null,
      nextStep: input.nextStep ?? '',
      nextStepDate: input.nextStepDate ?? null,
      source: input.source ?? '',
      stageHistory: [{ at: by.now, by: by.memberId, stageId: stage.id }],
    },
    { memberId: by.memberId, now: by.now },
  );
  return createRecord(db, record, by.now);
}

/** Fields a rep edits on the deal's form (not its stage or outcome: those have their own writes). */
export type DealEdit = Partial<
  Pick<
    Deal,
    | 'name'
    | 'contacts'
    | 'ownerId'
    | 'amount'
    | 'currency'
    | 'closeDate'
    | 'probability'
    | 'lines'
    | 'nextStep'
    | 'nextStepDate'
    | 'source'
  >
>;

export async function updateDeal(db: MarginDB, deal: Deal, edit: DealEdit, by: Author): Promise<void> {
  if (!Object.keys(edit).length) return;
  await updateRecord(db, 'deal', deal.id, edit, by.now);
}

/** Moves a deal to a stage (the board's drag, its keyboard move); moving a closed deal back reopens it. */
export async function moveDeal(
  db: MarginDB,
  deal: Deal,
  target: { pipelineId: string; stageId: string },
  by: Author,
): Promise<void> {
  const patch = movePatch(deal, target, by);
  if (patch) await updateRecord(db, 'deal', deal.id, patch, by.now);
}

/** Won or lost, with the reason in the rep's words. */
export async function closeDeal(
  db: MarginDB,
  deal: Deal,
  outcome: 'won' | 'lost',
  reason: string,
  by: Author,
): Promise<void> {
  await updateRecord(db, 'deal', deal.id, closePatch(deal, outcome, reason, by, todayDay(by.now)), by.now);
}

/**
 * Team settings saved with pipelines changed: open deals in a stage (or pipeline) that is gone move,
 * in the same batch, to the nearest stage that stays (the one before it, else the first), so
 * removing a stage never strands a deal.
 */
export type DealSettings = Pick<Settings, 'pipelines' | 'currency' | 'currencyRates' | 'forecastTargets'>;

export async function saveDealSettings(
  db: MarginDB,
  settings: Settings,
  next: DealSettings,
  by: Author,
): Promise<number> {
  const { pipelines } = next;
  const writes: BatchWrite[] = [{ kind: 'update', type: 'settings', recordId: settings.id, patch: { ...next } }];
  const deals = await db.deals.filter((d) => !d.deleted).toArray();
  for (const deal of deals) {
    const before = pipelinesOf(settings).find((p) => p.id === deal.pipelineId);
    const after = pipelines.find((p) => p.id === deal.pipelineId);
    if (after?.stages.some((s) => s.id === deal.stageId)) continue;
    const target = after ?? pipelines[0];
    if (!target) continue;
    // The nearest earlier stage of the old order that the new pipeline still has.
    const oldStages = before?.stages ?? [];
    const at = oldStages.findIndex((s) => s.id === deal.stageId);
    let stageId = target.stages[0]?.id;
    for (let i = at - 1; i >= 0; i--) {
      const kept = target.stages.find((s) => s.id === oldStages[i]?.id);
      if (kept) {
        stageId = kept.id;
        break;
      }
    }
    if (!stageId) continue;
    const patch = movePatch(deal, { pipelineId: target.id, stageId }, by);
    // A closed deal keeps its outcome: only where it would show if reopened changes.
    if (patch) {
      const { status: _s, closedAt: _c, closeReason: _r, ...place } = patch;
      writes.push({ kind: 'update', type: 'deal', recordId: deal.id, patch: place });
    }
  }
  await writeBatch(db, writes, by.now);
  return writes.length - 1;
}
