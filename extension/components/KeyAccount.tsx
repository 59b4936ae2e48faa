import { useLiveQuery } from 'dexie-react-hooks';
import { authorOf } from '../ui/author';
import { useT } from '../i18n/react';
import { useState, type ReactNode } from 'react';
import { DAY_MS } from '../../shared/calendar';
import { ACCOUNT_KINDS, TIERS, type Account, type Contact, type Tier } from '../../shared/records';
import { scoreAccount, SCORE_FAMILIES } from '../../shared/scorecard';
import { suggestTiers, tierFromScore } from '../../shared/tiering';
import { useMembers } from '../hooks/use-meta';
import { updateFromUi } from '../ui/actions';
import { addGoal, handOver as handOverAccount, recordReview, saveScores, setGoalProgress } from '../ui/account-writes';
import { currentPlan } from '../lib/queries';
import { useAction } from '../hooks/use-action';
import { getDb, type Session } from '../lib/db';
import { formatDate } from '../ui/format';
import { teamSettings } from '../lib/team-settings';
import { Stakeholders } from './Stakeholders';

/** Saves with a confirmation ("Saved.") or the error, under the form. */
function useSaver() {
  const { t } = useT();
  const { run, status } = useAction();
  return { save: (action: () => Promise<unknown>, message = t('common.saved')) => run(action, message), status };
}

function Section({ title, children, open = false }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="card stack section" open={open}>
      <summary>
        <strong>{title}</strong>
      </summary>
      <div className="stack">{children}</div>
    </details>
  );
}

/** Tier (by hand or the 80/20 suggestion), kind, owner with handover, revenue and review cadence. */
function TierAndOwner({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const members = useMembers();
  const suggestion = useLiveQuery(async () => {
    const db = getDb();
    const [accounts, settings] = await Promise.all([db.accounts.filter((a) => !a.deleted).toArray(), teamSettings(db)]);
    return suggestTiers(accounts, settings?.tierThresholds).find((s) => s.id === account.id);
  }, [account.id, account.revenue]);
  const byScore = useLiveQuery(async () => {
    const settings = await teamSettings(getDb());
    const composite = scoreAccount(account.scores, settings?.scorecard ?? []).composite;
    return { composite, tier: tierFromScore(composite, settings?.scoreTierThresholds) };
  }, [account.scores]);
  const [revenue, setRevenue] = useState(account.revenue === null ? '' : String(account.revenue));
  const [reviewEvery, setReviewEvery] = useState(account.reviewEvery === null ? '' : String(account.reviewEvery));
  const { save, status } = useSaver();
  const ownerName = (id: string | null) =>
    id === null
      ? t('ka.nobody')
      : id === session.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === id)?.name ?? t('email.teammate'));
  async function handOver(ownerId: string) {
    const from = ownerName(account.ownerId);
    const to = ownerName(ownerId);
    await save(
      () => handOverAccount(getDb(), account, ownerId, t('ka.handover', { from, to }), authorOf(session)),
      t('ka.handedOver', { to }),
    );
  }
  return (
    <div className="stack">
      <div className="row">
        <label className="field">
          {t('forms.tier')}
          <select
            value={account.tier}
            onChange={(e) => void save(() => updateFromUi('account', account.id, { tier: e.target.value as Tier }))}
          >
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {tier}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('forms.kind')}
          <select
            value={account.kind ?? ''}
            onChange={(e) => void save(() => updateFromUi('account', account.id, { kind: e.target.value || null }))}
          >
            <option value="">—</option>
            {ACCOUNT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('research.owner')}
          <select value={account.ownerId ?? ''} onChange={(e) => e.target.value && void handOver(e.target.value)}>
            {account.ownerId === null ? <option value="">{t('ka.nobodyOption')}</option> : null}
            <option value={session.member.id}>{t('team.memberYou', { name: session.member.name })}</option>
            {(members?.list ?? [])
              .filter((m) => m.id !== session.member.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      {suggestion && account.revenue ? (
        <p className="muted small" data-testid="tier-suggestion">
          {t('ka.pareto', {
            tier: suggestion.tier,
            share: (suggestion.share * 100).toFixed(1),
            cumulative: (suggestion.cumulative * 100).toFixed(0),
          })}
          {suggestion.tier !== account.tier ? (
            <>
              {' '}
              <button
                className="btn small"
                type="button"
                onClick={() => void save(() => updateFromUi('account', account.id, { tier: suggestion.tier }))}
              >
                {t('ka.useTier', { tier: suggestion.tier })}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {byScore?.tier ? (
        <p className="muted small" data-testid="score-tier-suggestion">
          {t('ka.byScore', { composite: byScore.composite ?? '—', tier: byScore.tier })}
          {byScore.tier !== account.tier ? (
            <>
              {' '}
              <button
                className="btn small"
                type="button"
                onClick={() => void save(() => updateFromUi('account', account.id, { tier: byScore.tier! }))}
              >
                {t('ka.useTier', { tier: byScore.tier })}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      <form
        className="row"
        aria-label={t('ka.revenueForm')}
        onSubmit={(e) => {
          e.preventDefault();
          const value = revenue.trim() === '' ? null : Number(revenue);
          const every = reviewEvery.trim() === '' ? null : Number(reviewEvery);
          void save(() =>
            updateFromUi('account', account.id, {
              revenue: value,
              reviewEvery: every,
              ...(every && !account.nextReviewAt ? { nextReviewAt: Date.now() + every * DAY_MS } : {}),
            }),
          );
        }}
      >
        <label className="field">
          {t('ka.revenue')}
          <input
            inputMode="decimal"
            value={revenue}
            onChange={(e) => setRevenue(e.target.value)}
            placeholder={t('ka.revenueExample')}
          />
        </label>
        <label className="field">
          {t('ka.reviewEvery')}
          <input
            inputMode="numeric"
            value={reviewEvery}
            onChange={(e) => setReviewEvery(e.target.value)}
            placeholder={t('ka.reviewExample')}
          />
        </label>
        <button className="btn" type="submit">
          {t('common.save')}
        </button>
      </form>
      {status}
    </div>
  );
}

/** A small line chart of the composite score over time (0–10). */
export function ScoreTrend({ history }: { history: Account['scoreHistory'] }) {
  const { t } = useT();
  if (history.length < 2) return null;
  const w = 160;
  const h = 36;
  const points = history.map((p, i) => `${(i / (history.length - 1)) * w},${h - (p.composite / 10) * h}`).join(' ');
  const last = history[history.length - 1]!;
  const first = history[0]!;
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={t('ka.trend', {
        from: first.composite,
        fromDate: formatDate(first.at),
        to: last.composite,
        toDate: formatDate(last.at),
      })}
      className="trend"
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

/** The team's scorecard for this account: scores per indicator, the composite, its breakdown and trend. */
function Scorecard({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const scorecard = useLiveQuery(async () => (await teamSettings(getDb()))?.scorecard ?? [], []);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const { save, status } = useSaver();
  if (!scorecard) return <p className="muted">{t('common.loading')}</p>;
  if (!scorecard.length) return <p className="muted">{t('ka.noScorecard')}</p>;
  const breakdown = scoreAccount(account.scores, scorecard);
  const value = (id: string) => draft[id] ?? (account.scores[id] === undefined ? '' : String(account.scores[id]));
  return (
    <form
      className="stack"
      aria-label={t('ka.scorecard')}
      onSubmit={(e) => {
        e.preventDefault();
        const scores: Record<string, number> = { ...account.scores };
        for (const i of scorecard) {
          const v = value(i.id).trim();
          if (v === '') delete scores[i.id];
          else scores[i.id] = Number(v);
        }
        void save(async () => {
          await saveScores(getDb(), account, scores, scorecard, authorOf(session));
          setDraft({});
        }, t('ka.scoreSaved'));
      }}
    >
      <div className="row">
        <strong data-testid="composite-score">{t('ka.score', { score: breakdown.composite ?? '—' })}</strong>
        <ScoreTrend history={account.scoreHistory} />
      </div>
      <p className="muted small">
        {breakdown.families.map((f) => `${t(`family.${f.family}`)} ${f.score ?? '—'}`).join(' · ')}
      </p>
      {SCORE_FAMILIES.map((family) => (
        <fieldset key={family} className="plain stack">
          <legend className="muted">{t(`family.${family}`)}</legend>
          {scorecard
            .filter((i) => i.family === family)
            .map((i) => (
              <label key={i.id} className="row small">
                <input
                  className="score"
                  type="number"
                  min={0}
                  max={10}
                  step={1}
                  value={value(i.id)}
                  onChange={(e) => setDraft({ ...draft, [i.id]: e.target.value })}
                  aria-label={t('ka.indicatorInput', { label: i.label })}
                />
                {i.label} <span className="muted">{t('ka.weight', { weight: i.weight })}</span>
              </label>
            ))}
        </fieldset>
      ))}
      <div className="row">
        <button className="btn primary" type="submit">
          {t('ka.saveScore')}
        </button>
      </div>
      {status}
    </form>
  );
}

/** "Why is this a key account?": the score, the last answer, and the decision (keep, change tier, new plan). */
export function Review({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const [answer, setAnswer] = useState('');
  const [outcome, setOutcome] = useState<'keep' | 'change-tier' | 'new-plan'>('keep');
  const [tier, setTier] = useState<Tier>(account.tier);
  const scorecard = useLiveQuery(async () => (await teamSettings(getDb()))?.scorecard ?? [], []);
  const { save, status } = useSaver();
  const last = account.reviews[account.reviews.length - 1];
  const score = scorecard ? scoreAccount(account.scores, scorecard).composite : null;
  return (
    <form
      className="stack"
      aria-label={t('ka.review')}
      onSubmit={(e) => {
        e.preventDefault();
        void save(async () => {
          await recordReview(getDb(), account, { answer, outcome, tier, score }, authorOf(session));
          setAnswer('');
        }, t('ka.reviewRecorded'));
      }}
    >
      <p className="muted small">
        {account.nextReviewAt ? `${t('ka.nextReview', { date: formatDate(account.nextReviewAt) })} ` : ''}
        {t('ka.scoreNow', { score: score ?? '—' })}
        {last ? ` ${t('ka.lastReview', { date: formatDate(last.at), score: last.score ?? '—' })}` : ''}
      </p>
      {last ? (
        <blockquote className="note">
          {last.answer || t('ka.noAnswer')}
          <div className="meta">
            {formatDate(last.at)} ·{' '}
            {last.outcome === 'change-tier'
              ? t('ka.outcomeTierTo', { tier: last.tier })
              : t(`ka.outcome.${last.outcome}`)}
          </div>
        </blockquote>
      ) : null}
      <label className="field">
        {t('ka.why')}
        <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} required maxLength={2000} />
      </label>
      <fieldset className="plain row">
        <legend className="muted">{t('ka.decision')}</legend>
        <label className="row">
          <input type="radio" name="outcome" checked={outcome === 'keep'} onChange={() => setOutcome('keep')} />{' '}
          {t('ka.outcome.keep')}
        </label>
        <label className="row">
          <input
            type="radio"
            name="outcome"
            checked={outcome === 'change-tier'}
            onChange={() => setOutcome('change-tier')}
          />{' '}
          {t('ka.outcome.change-tier')}
        </label>
        {outcome === 'change-tier' ? (
          <select aria-label={t('ka.newTier')} value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
            {TIERS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        ) : null}
        <label className="row">
          <input type="radio" name="outcome" checked={outcome === 'new-plan'} onChange={() => setOutcome('new-plan')} />{' '}
          {t('ka.outcome.new-plan')}
        </label>
      </fieldset>
      <div className="row">
        <button className="btn primary" type="submit">
          {t('ka.recordReview')}
        </button>
      </div>
      {status}
    </form>
  );
}

/** Birthdays, anniversaries, renewals: yearly (MM-DD) or one-off (YYYY-MM-DD) dates that prompt ahead. */
export function CareDates({ record }: { record: Account | Contact }) {
  const { t } = useT();
  const [label, setLabel] = useState('');
  const [date, setDate] = useState('');
  const { save, status } = useSaver();
  const dates = record.importantDates;
  return (
    <section className="stack" aria-label={t('contact.careDates')}>
      <ul className="list">
        {dates.map((d, i) => (
          <li key={`${d.label}-${d.date}`} className="row">
            {d.label} · {d.date}
            <button
              className="btn small"
              type="button"
              aria-label={t('settings.removeFor', { name: d.label })}
              onClick={() =>
                void save(() =>
                  updateFromUi(record.type, record.id, { importantDates: dates.filter((_, j) => j !== i) }),
                )
              }
            >
              {t('team.remove')}
            </button>
          </li>
        ))}
      </ul>
      {dates.length === 0 ? <p className="muted">{t('ka.noDates')}</p> : null}
      <form
        className="row"
        aria-label={t('ka.addDate')}
        onSubmit={(e) => {
          e.preventDefault();
          void save(async () => {
            await updateFromUi(record.type, record.id, { importantDates: [...dates, { label, date: date.trim() }] });
            setLabel('');
            setDate('');
          });
        }}
      >
        <label className="field">
          {t('ka.what')}
          <input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('ka.whatExample')}
            required
            maxLength={200}
          />
        </label>
        <label className="field">
          {t('ka.when')}
          <input
            value={date}
            onChange={(e) => setDate(e.target.value)}
            placeholder="03-14"
            required
            pattern="(\d{4}-)?\d{2}-\d{2}"
          />
        </label>
        <button className="btn" type="submit">
          {t('ka.add')}
        </button>
      </form>
      {status}
    </section>
  );
}

/** This year's account plan: a few dated, measurable goals with progress. */
function AccountPlan({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const year = new Date().getFullYear();
  const plan = useLiveQuery(async () => (await currentPlan(getDb(), account.id, year)) ?? null, [account.id, year]);
  const [title, setTitle] = useState('');
  const [measure, setMeasure] = useState('');
  const [due, setDue] = useState('');
  const { save, status } = useSaver();
  if (plan === undefined) return <p className="muted">{t('common.loading')}</p>;
  const goals = plan?.goals ?? [];
  return (
    <section className="stack" aria-label={t('ka.plan', { year: String(year) })}>
      {goals.length === 0 ? <p className="muted">{t('ka.noGoals', { year: String(year) })}</p> : null}
      <ul className="list">
        {goals.map((g, i) => (
          <li key={g.id ?? `${g.title}-${i}`} className="stack">
            <div className="row">
              <strong>{g.title}</strong>
              <span className="muted">
                {[g.measure, g.dueAt ? t('ka.by', { date: formatDate(g.dueAt) }) : null].filter(Boolean).join(' · ')}
              </span>
            </div>
            <label className="row small">
              {t('ka.progress')}
              <input
                type="range"
                min={0}
                max={100}
                step={5}
                value={g.progress}
                aria-label={t('ka.progressOf', { title: g.title })}
                onChange={(e) =>
                  plan && void save(() => setGoalProgress(getDb(), plan, i, Number(e.target.value), authorOf(session)))
                }
              />
              {g.progress}%
            </label>
          </li>
        ))}
      </ul>
      <form
        className="row"
        aria-label={t('ka.addGoalLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          const goal = {
            id: crypto.randomUUID(),
            title,
            measure,
            dueAt: due ? new Date(`${due}T23:59:00`).getTime() : null,
            progress: 0,
          };
          void save(async () => {
            await addGoal(getDb(), account.id, year, goal, authorOf(session));
            setTitle('');
            setMeasure('');
            setDue('');
          }, t('ka.goalAdded'));
        }}
      >
        <label className="field">
          {t('ka.goal')}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            placeholder={t('ka.goalExample')}
          />
        </label>
        <label className="field">
          {t('ka.measure')}
          <input
            value={measure}
            onChange={(e) => setMeasure(e.target.value)}
            maxLength={200}
            placeholder={t('ka.measureExample')}
          />
        </label>
        <label className="field">
          {t('ka.byLabel')}
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <button className="btn" type="submit">
          {t('ka.addGoal')}
        </button>
      </form>
      {status}
    </section>
  );
}

/** Everything that makes an account a key account, in folding sections of its card. */
export function KeyAccount({
  account,
  session,
  reviewOpen = false,
}: {
  account: Account;
  session: Session;
  reviewOpen?: boolean;
}) {
  const { t } = useT();
  return (
    <div className="stack">
      <Section title={t('ka.tierOwner')}>
        <TierAndOwner key={account.id} account={account} session={session} />
      </Section>
      <Section title={t('ka.scorecard')}>
        <Scorecard account={account} session={session} />
      </Section>
      {account.reviewEvery ? (
        <Section title={t('ka.review')} open={reviewOpen}>
          <Review account={account} session={session} />
        </Section>
      ) : null}
      <Section title={t('stakeholders.title')} open={account.tier === 'A'}>
        <Stakeholders account={account} session={session} />
      </Section>
      <Section title={t('contact.careDates')}>
        <CareDates record={account} />
      </Section>
      <Section title={t('ka.plan', { year: String(new Date().getFullYear()) })}>
        <AccountPlan account={account} session={session} />
      </Section>
    </div>
  );
}
