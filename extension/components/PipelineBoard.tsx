import { useState, type KeyboardEvent } from 'react';
import { dealAmount } from '../../shared/deals';
import type { Deal, Pipeline, Settings } from '../../shared/records';
import { useT } from '../i18n/react';
import { formatDay, formatMoney, todayDay } from '../ui/format';
import { boardColumnsCache, idleDays, type Column } from '../ui/pipeline-view';

/** Cards drawn per column; the rest are counted and shown on request (a column may hold thousands). */
export const CARDS_SHOWN = 25;
/**
 * Cards per column read for the board's first paint: about what a tall window shows. The rest of
 * each column follows a moment later, with every deal.
 */
export const FIRST_PAINT_CARDS = 10;

export interface BoardProps {
  deals: readonly Deal[];
  pipeline: Pipeline;
  pipelines: readonly Pipeline[];
  settings: Pick<Settings, 'currency' | 'currencyRates'>;
  accounts: ReadonlyMap<string, { name: string }>;
  /** False while only the first cards are read: totals and counts wait. */
  complete: boolean;
  lastTouch: ReadonlyMap<string, number> | undefined;
  staleDays: number;
  keep: (deal: Deal) => boolean;
  /** What `keep` depends on (the filter, the accounts): the same values, the same filter. */
  keepDeps: readonly unknown[];
  memberName: (id: string | null) => string;
  onOpen: (dealId: string) => void;
  onMove: (deal: Deal, stageId: string) => void;
}

/**
 * The pipeline as columns by stage, with each column's count and totals. A card moves by drag and
 * drop, or from the keyboard: Shift+→ and Shift+← move the focused card a stage on, or back
 * (and the ◀ ▶ buttons on each card do the same).
 */
export function PipelineBoard(props: BoardProps) {
  const { t } = useT();
  const { pipeline, settings } = props;
  // A move changes a card or two: the columns are patched, not built again from every deal.
  const [columnsOf] = useState(boardColumnsCache);
  const columns = columnsOf(props.deals, pipeline, props.pipelines, settings, props.keep, props.keepDeps);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const now = Date.now();
  const today = todayDay(now);

  const move = (deal: Deal, step: number) => {
    const index = pipeline.stages.findIndex((s) => s.id === deal.stageId);
    const to = Math.min(pipeline.stages.length - 1, Math.max(0, index) + step);
    const target = pipeline.stages[Math.max(0, to)];
    if (target && target.id !== deal.stageId) {
      props.onMove(deal, target.id);
      // Focus follows the card to its new column once it is drawn there.
      requestAnimationFrame(() => document.getElementById(`deal-card-${deal.id}`)?.focus());
    }
  };
  const onCardKey = (event: KeyboardEvent, deal: Deal) => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      props.onOpen(deal.id);
      return;
    }
    if (!event.shiftKey || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    event.preventDefault();
    move(deal, event.key === 'ArrowRight' ? 1 : -1);
  };

  return (
    <div className="board-wrap">
      <ul className="board" aria-label={t('board.columns', { pipeline: pipeline.name })}>
        {columns.map((column: Column, ci) => {
          const open = expanded.has(column.stageId);
          const shown = open ? column.deals : column.deals.slice(0, CARDS_SHOWN);
          return (
            <li key={column.stageId} className="board-slot">
              <section
                className={`board-column${over === column.stageId ? ' drop' : ''}`}
                aria-labelledby={`col-${column.stageId}`}
                data-testid={`column-${column.stageId}`}
                onDragOver={(e) => {
                  if (!dragging) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  setOver(column.stageId);
                }}
                onDragLeave={() => setOver((o) => (o === column.stageId ? null : o))}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer.getData('text/x-margin-deal') || dragging || '';
                  const deal = props.deals.find((d) => d.id === id);
                  setDragging(null);
                  setOver(null);
                  if (deal && deal.stageId !== column.stageId) props.onMove(deal, column.stageId);
                }}
              >
                <header className="board-head">
                  <h2 id={`col-${column.stageId}`}>
                    {column.name} <span className="muted small">{column.probability}%</span>
                  </h2>
                  <div className="small muted" data-testid="column-total">
                    {!props.complete
                      ? t('board.counting')
                      : t('board.columnTotal', {
                          count: column.deals.length,
                          total: formatMoney(column.total, settings.currency, { compact: column.total >= 1_000_000 }),
                          weighted: formatMoney(column.weighted, settings.currency, {
                            compact: column.weighted >= 1_000_000,
                          }),
                        })}
                    {props.complete && column.unconverted
                      ? ` · ${t('board.unconverted', { count: column.unconverted })}`
                      : ''}
                  </div>
                </header>
                <ul className="board-cards">
                  {shown.map((deal) => {
                    const value = dealAmount(deal);
                    const idle = props.lastTouch ? idleDays(deal, props.lastTouch.get(deal.accountId), now) : 0;
                    const stale = props.lastTouch !== undefined && idle >= props.staleDays;
                    const late = deal.closeDate !== null && deal.closeDate < today;
                    return (
                      <li
                        key={deal.id}
                        id={`deal-card-${deal.id}`}
                        className={`deal-card${dragging === deal.id ? ' dragging' : ''}`}
                        draggable
                        // biome-ignore lint/a11y/noNoninteractiveTabindex: a card is focused to move it with Shift+arrows
                        tabIndex={0}
                        aria-label={t('board.card', {
                          name: deal.name,
                          account: props.accounts.get(deal.accountId)?.name ?? '',
                          stage: column.name,
                        })}
                        aria-describedby="board-keys"
                        data-testid="deal-card"
                        onKeyDown={(e) => onCardKey(e, deal)}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/x-margin-deal', deal.id);
                          e.dataTransfer.effectAllowed = 'move';
                          setDragging(deal.id);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                      >
                        <button
                          type="button"
                          className="btn link deal-name"
                          tabIndex={-1}
                          onClick={() => props.onOpen(deal.id)}
                        >
                          {deal.name}
                        </button>
                        <span className="muted small">{props.accounts.get(deal.accountId)?.name ?? ''}</span>
                        <span className="small">
                          {value !== null ? formatMoney(value, deal.currency) : t('deal.noAmount')}
                          {deal.closeDate ? (
                            <span className={late ? 'warn' : ''}> · {formatDay(deal.closeDate)}</span>
                          ) : null}
                        </span>
                        <span className="muted small">
                          {props.memberName(deal.ownerId)}
                          {stale ? (
                            <span className="stale" title={t('board.staleTitle', { count: idle })}>
                              {' '}
                              · {t('board.stale', { count: idle })}
                            </span>
                          ) : null}
                        </span>
                        <span className="row card-moves">
                          <button
                            type="button"
                            className="btn small"
                            tabIndex={-1}
                            disabled={ci === 0}
                            aria-label={t('board.moveBack', { name: deal.name })}
                            onClick={() => move(deal, -1)}
                          >
                            ◀
                          </button>
                          <button
                            type="button"
                            className="btn small"
                            tabIndex={-1}
                            onClick={() => props.onOpen(deal.id)}
                          >
                            {t('board.open')}
                          </button>
                          <button
                            type="button"
                            className="btn small"
                            tabIndex={-1}
                            disabled={ci === columns.length - 1}
                            aria-label={t('board.moveOn', { name: deal.name })}
                            onClick={() => move(deal, 1)}
                          >
                            ▶
                          </button>
                        </span>
                      </li>
                    );
                  })}
                </ul>
                {props.complete && column.deals.length > shown.length ? (
                  <button
                    type="button"
                    className="btn link small"
                    onClick={() => setExpanded(new Set(expanded).add(column.stageId))}
                  >
                    {t('board.showMore', { count: column.deals.length - shown.length })}
                  </button>
                ) : null}
                {props.complete && column.deals.length === 0 ? (
                  <p className="muted small">{t('board.emptyColumn')}</p>
                ) : null}
              </section>
            </li>
          );
        })}
      </ul>
      <p id="board-keys" className="visually-hidden">
        {t('board.keys')}
      </p>
    </div>
  );
}
