import type { ContextSummary } from '../../shared/page-context';
import { translate, type Locale } from '../i18n';

/** The chip's words for a lookup's answer, in the rep's language: added by the background before it answers. */
export function withChipWords(summary: ContextSummary, locale: Locale): ContextSummary {
  const p = summary.primary;
  if (!p) return summary;
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
    translate(locale, key, vars);
  const counts =
    p.kind === 'unknown'
      ? t(summary.signedIn ? 'chip.unknownAdd' : 'chip.signIn')
      : t('chip.counts', {
          steps: t('chip.steps', { count: p.openTasks }),
          notes: t('chip.notes', { count: p.notes }),
        });
  // An open deal is what is at stake: the chip names it (or counts them).
  const openDeals = p.openDeals ?? 0;
  const deal =
    openDeals === 1 && p.dealName
      ? t('chip.deal', { name: p.dealName })
      : openDeals > 1
        ? t('chip.deals', { count: openDeals })
        : '';
  const detail = (deal ? `${counts} · ${deal}` : counts).slice(0, 200);
  return { ...summary, words: { detail, open: t('chip.open'), title: t('chip.title') } };
}
