import { buildRecord } from '../../../shared/factories';
import { pipelinesOf } from '../../../shared/deals';
import { stableRecordId } from '../../../shared/ids';
import { normalizeOrgName } from '../../../shared/org-name';
import type { Account, Deal } from '../../../shared/records';
import type { MarginDB } from '../../lib/db';
import { teamSettings } from '../../lib/team-settings';
import type { Author } from '../author';
import { todayDay } from '../format';
import { writeBatch, type BatchWrite } from '../local-writes';
import { oldestFirst } from '../../lib/people-lookup';
import { yieldToPage } from '../yield-to-page';
import { HUBSPOT_STAGES, parseAmount, parseCloseDate, statusOf, type DealDraft } from './deal-csv';
import type { SkippedRow } from './plan';

/** What a deals import will do, shown before anything is written. */
export interface DealImportPlan {
  rows: number;
  deals: Deal[];
  /** Accounts made for companies the team has none for yet (by name). */
  accounts: Account[];
  skipped: SkippedRow[];
  /** Rows whose deal the team already has (the same file imported again): left as they are. */
  existing: number;
  /** Deals whose stage the file names but the pipeline lacks: placed in the pipeline's first stage. */
  firstStage: number;
}

const ROWS_PER_SLICE = 500;

/**
 * Checks every row and builds its deal (and its account when the company is new), writing nothing.
 * A deal's id derives from its account and name, so importing the same file twice (or two reps
 * importing it) makes each deal once.
 */
export async function planDealImport(db: MarginDB, drafts: readonly DealDraft[], by: Author): Promise<DealImportPlan> {
  const settings = await teamSettings(db);
  const pipelines = pipelinesOf(settings);
  const currency = settings?.currency ?? 'EUR';
  const accountByName = new Map<string, Account>();
  for (const a of (await db.accounts.toArray()).filter((x) => !x.deleted).sort(oldestFirst)) {
    const key = normalizeOrgName(a.name);
    if (key && !accountByName.has(key)) accountByName.set(key, a);
  }
  const plan: DealImportPlan = {
    rows: drafts.length,
    deals: [],
    accounts: [],
    skipped: [],
    existing: 0,
    firstStage: 0,
  };
  const seen = new Set<string>();
  const today = todayDay(by.now);

  for (let i = 0; i < drafts.length; i++) {
    if (i && i % ROWS_PER_SLICE === 0) await yieldToPage();
    const row = drafts[i]!;
    const skip = (reason: SkippedRow['reason']) => plan.skipped.push({ line: row.line, reason });
    const name = row.name.trim();
    if (!name) {
      skip({ key: 'dealImport.skip.noName' });
      continue;
    }
    const company = row.company.trim();
    if (!company) {
      skip({ key: 'dealImport.skip.noCompany' });
      continue;
    }
    if (company.length > 200) {
      skip({ key: 'import.skip.companyTooLong', vars: { max: 200 } });
      continue;
    }
    const amount = row.amount ? parseAmount(row.amount) : null;
    if (row.amount && !amount) {
      skip({ key: 'dealImport.skip.amount', vars: { value: row.amount.slice(0, 40) } });
      continue;
    }
    const closeDate = row.closeDate ? parseCloseDate(row.closeDate) : null;
    if (row.closeDate && !closeDate) {
      skip({ key: 'dealImport.skip.date', vars: { value: row.closeDate.slice(0, 40) } });
      continue;
    }
    const probability = row.probability ? Number(row.probability.replace('%', '').trim()) : null;
    const chance =
      probability === null || !Number.isFinite(probability)
        ? null
        : Math.round(probability <= 1 && row.probability.includes('.') ? probability * 100 : probability);
    if (chance !== null && (chance < 0 || chance > 100)) {
      skip({ key: 'dealImport.skip.probability', vars: { value: row.probability.slice(0, 20) } });
      continue;
    }

    const key = normalizeOrgName(company) || company.toLowerCase();
    let account = accountByName.get(key);
    if (!account) {
      account = buildRecord(
        'account',
        { name: company },
        { memberId: by.memberId, now: by.now, id: stableRecordId(by.teamId, 'account-name', key) },
      );
      accountByName.set(key, account);
      plan.accounts.push(account);
    }
    const id = stableRecordId(by.teamId, 'deal-import', `${account.id}:${name.toLowerCase()}`);
    if (seen.has(id)) {
      plan.existing++;
      continue;
    }
    seen.add(id);

    const pipeline =
      pipelines.find((p) => row.pipeline && p.name.toLowerCase() === row.pipeline.toLowerCase()) ?? pipelines[0]!;
    const stageText = row.stage.trim().toLowerCase();
    const stage =
      pipeline.stages.find((s) => s.name.toLowerCase() === stageText || s.id === stageText) ??
      pipeline.stages.find((s) => s.id === HUBSPOT_STAGES[stageText.replace(/\s+/g, '')]);
    const status = statusOf(row.status, row.stage);
    if (!stage && stageText && status === 'open') plan.firstStage++;
    const stageId = (stage ?? pipeline.stages[0]!).id;
    try {
      const deal = buildRecord(
        'deal',
        {
          name,
          accountId: account.id,
          pipelineId: pipeline.id,
          stageId,
          status,
          amount: amount?.amount ?? null,
          currency: (amount?.currency ?? row.currency.trim().toUpperCase()) || currency,
          closeDate: closeDate ?? (status === 'open' ? null : today),
          probability: chance,
          nextStep: row.nextStep.slice(0, 200),
          source: row.source.slice(0, 200) || 'Import',
          closeReason: status === 'open' ? '' : row.reason.slice(0, 2000),
          closedAt: status === 'open' ? null : by.now,
          ownerId: by.memberId,
          stageHistory: [{ at: by.now, by: by.memberId, stageId }],
        },
        { memberId: by.memberId, now: by.now, id },
      );
      plan.deals.push(deal);
    } catch (error) {
      const issue = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues?.[0];
      skip(
        issue
          ? { key: 'import.skip.invalid', vars: { field: issue.path.join('.') || '—', problem: issue.message } }
          : { key: 'dealImport.skip.invalid' },
      );
      // An account made only for this row is not kept.
      if (plan.accounts.at(-1)?.id === account.id && !plan.deals.some((d) => d.accountId === account.id)) {
        plan.accounts.pop();
        accountByName.delete(key);
      }
    }
  }
  // The deals already here (the same file imported before, or a teammate's copy): one read for all of them.
  const there = await db.deals.bulkGet(plan.deals.map((d) => d.id));
  if (there.some(Boolean)) {
    const kept = plan.deals.filter((_, k) => !there[k]);
    plan.existing += plan.deals.length - kept.length;
    plan.deals = kept;
  }
  return plan;
}

/** Writes a plan in one transaction: every account and deal, or (on any error) nothing. */
export async function applyDealImport(db: MarginDB, plan: DealImportPlan, now = Date.now()): Promise<void> {
  const writes: BatchWrite[] = [
    ...plan.accounts.map((record): BatchWrite => ({ kind: 'create', record })),
    ...plan.deals.map((record): BatchWrite => ({ kind: 'create', record })),
  ];
  await writeBatch(db, writes, now, { validated: true });
}
