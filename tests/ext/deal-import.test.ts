import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { parseCsv } from '../../extension/ui/import/csv';
import {
  dealDrafts,
  dealsCsv,
  guessDealMapping,
  parseAmount,
  parseCloseDate,
} from '../../extension/ui/import/deal-csv';
import { applyDealImport, planDealImport } from '../../extension/ui/import/deal-plan';
import { createRecord } from '../../extension/ui/local-writes';
import { translate } from '../../extension/i18n';
import { freshDbs } from '../support/test-db';

const freshDb = freshDbs('deal-import');
const NOW = Date.UTC(2026, 10, 23, 10);
const by = { teamId: 'team-1', memberId: 'rep', now: NOW };
const file = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/import', name), 'utf8');

describe('amounts and dates as exports write them', () => {
  it('reads amounts with either decimal mark, thousands separators and a currency, and refuses words', () => {
    expect(parseAmount('12500')).toEqual({ amount: 12_500, currency: null });
    expect(parseAmount('48000.50')).toEqual({ amount: 48_000.5, currency: null });
    expect(parseAmount('12,500.75')).toEqual({ amount: 12_500.75, currency: null });
    expect(parseAmount('18.500,00')).toEqual({ amount: 18_500, currency: null });
    expect(parseAmount('1.250.000')).toEqual({ amount: 1_250_000, currency: null });
    expect(parseAmount('12,5')).toEqual({ amount: 12.5, currency: null });
    expect(parseAmount('₩30,000,000')).toEqual({ amount: 30_000_000, currency: 'KRW' });
    expect(parseAmount('€ 9 000')).toEqual({ amount: 9_000, currency: 'EUR' });
    expect(parseAmount('USD 7,200')).toEqual({ amount: 7_200, currency: 'USD' });
    for (const bad of ['about ten grand', '-500', '12e5', '1,2,3.4.5x', '']) expect(parseAmount(bad)).toBeNull();
  });

  it('reads ISO, US, German and CJK dates, and refuses impossible ones', () => {
    expect(parseCloseDate('2026-12-15 00:00')).toBe('2026-12-15');
    expect(parseCloseDate('11/20/2026')).toBe('2026-11-20');
    expect(parseCloseDate('20/11/2026')).toBe('2026-11-20');
    expect(parseCloseDate('31.12.2026')).toBe('2026-12-31');
    expect(parseCloseDate('2026年12月31日')).toBe('2026-12-31');
    for (const bad of ['next spring', '2026-02-30', '13/13/2026', '1899-01-01']) expect(parseCloseDate(bad)).toBeNull();
  });
});

describe('importing deals', () => {
  it('recognises a HubSpot deals export: new deals and accounts, stages mapped, won and lost kept, every skipped row with its reason', async () => {
    const db = freshDb();
    const nordlicht = await createRecord(
      db,
      buildRecord('account', { name: 'Nordlicht Logistik' }, { memberId: 'rep', now: 1 }),
    );
    const table = await parseCsv(file('hubspot-deals.csv'));
    const { source, mapping } = guessDealMapping(table.headers);
    expect(source).toBe('HubSpot');
    expect(mapping).toEqual([
      'ignore',
      'name',
      'stage',
      'closeDate',
      'ignore',
      'amount',
      'company',
      'pipeline',
      'ignore',
    ]);
    const plan = await planDealImport(db, dealDrafts(table, mapping), by);
    expect(plan.deals.map((d) => [d.name, d.stageId, d.status, d.amount, d.currency, d.closeDate])).toEqual([
      ['Hamburg warehouse racks', 'qualify', 'open', 12_500, 'EUR', '2026-12-15'],
      ['Porto 2027 framework', 'commit', 'open', 48_000.5, 'EUR', '2027-01-31'],
      ['Seoul pilot', 'qualify', 'won', 30_000_000, 'KRW', '2026-11-20'],
      ['Lost racks', 'qualify', 'lost', 9_000, 'EUR', '2026-10-02'],
      ['=HYPERLINK("http://evil.example")', 'discover', 'open', 100, 'EUR', '2026-12-01'],
    ]);
    // "Nordlicht Logistik GmbH" is the team's Nordlicht Logistik (legal forms aside); the others are new.
    expect(plan.deals[0]!.accountId).toBe(nordlicht.id);
    expect(plan.accounts.map((a) => a.name)).toEqual(['Porto Verde Retail', 'Hanbit Foods']);
    expect(plan.skipped.map((s) => [s.line, translate('en', s.reason.key, s.reason.vars)])).toEqual([
      [6, 'no deal name'],
      [7, 'no company'],
      [8, '“about ten grand” is not an amount'],
      [9, '“next spring” is not a date'],
    ]);
    await applyDealImport(db, plan, NOW);
    expect(await db.deals.count()).toBe(5);
    // One outbox entry for the whole import (beside the account made before it).
    expect(await db.outbox.count()).toBe(2);

    // The same file again (or a teammate's copy of it): nothing doubles.
    const again = await planDealImport(db, dealDrafts(table, mapping), by);
    expect(again).toMatchObject({ deals: [], accounts: [], existing: 5 });

    // Out again: a formula in a name is written so a spreadsheet shows it as text.
    const names = new Map((await db.accounts.toArray()).map((a) => [a.id, a.name]));
    const csv = dealsCsv(await db.deals.toArray(), (id) => names.get(id) ?? '', undefined);
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, '')).data;
    expect(rows[0]).toContain('Deal name');
    expect(rows.flat()).toContain('\'=HYPERLINK("http://evil.example")');
  });

  it('a name past the limit is skipped with the schema’s reason, naming the field', async () => {
    const db = freshDb();
    const table = {
      headers: ['Deal Name', 'Company'],
      rows: [
        ['x'.repeat(201), 'Porto Verde'],
        ['Fine', 'Porto Verde'],
      ],
    };
    const plan = await planDealImport(db, dealDrafts(table, ['name', 'company']), by);
    expect(plan.deals.map((d) => d.name)).toEqual(['Fine']);
    expect(plan.accounts).toHaveLength(1);
    expect(translate('en', plan.skipped[0]!.reason.key, plan.skipped[0]!.reason.vars)).toMatch(/^name: /);
  });

  it('recognises a Pipedrive export: its pipeline, stage names, currencies, status and lost reason', async () => {
    const db = freshDb();
    const table = await parseCsv(file('pipedrive-deals.csv'));
    const { source, mapping } = guessDealMapping(table.headers);
    expect(source).toBe('Pipedrive');
    const plan = await planDealImport(db, dealDrafts(table, mapping), by);
    expect(
      plan.deals.map((d) => [d.name, d.pipelineId, d.stageId, d.status, d.amount, d.currency, d.closeReason]),
    ).toEqual([
      ['Kitchen fit-out', 'renewal', 'review', 'open', 18_500, 'EUR', ''],
      ['Frozen line', 'new-business', 'qualify', 'lost', 7_200, 'USD', 'Went with a local supplier'],
    ]);
    expect(plan.firstStage).toBe(0);
    expect(plan.skipped).toEqual([]);
  });
});
