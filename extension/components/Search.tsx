import {
  forwardRef,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { sendMessage } from '../lib/messaging';
import type { SearchResults } from '../background/search-index';
import { formatDate } from '../ui/format';
import { useT } from '../i18n/react';
import { bestEffort } from '../lib/best-effort';
import { errorMessage } from '../ui/actions';

/** What a result opens: an account or a contact (a note opens the record it is about). */
export interface SearchTarget {
  kind: 'account' | 'contact';
  id: string;
}

interface Option {
  key: string;
  target: SearchTarget | null;
}

export interface SearchBoxHandle {
  focus(): void;
}

/**
 * One search box over accounts, contacts and note text (the background's index), with results
 * grouped by kind under it. A combobox: ↑/↓ move through the results, Enter opens one, Escape
 * clears. Every keystroke asks again; an answer to an older query is dropped.
 */
export const SearchBox = forwardRef<
  SearchBoxHandle,
  {
    onOpen: (target: SearchTarget) => void;
    onQueryChange?: (query: string) => void;
    limit?: number;
    autoFocus?: boolean;
  }
>(function SearchBox(props, handle) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(0);
  const id = useId();
  useImperativeHandle(handle, () => ({ focus: () => input.current?.focus() }), []);

  // Build the index while the rep is still moving to the box.
  useEffect(() => {
    void bestEffort('search.warm', sendMessage('search', { query: '' }));
  }, []);

  const ask = (next: string, again = false) => {
    setQuery(next);
    if (!again) {
      setActive(0);
      props.onQueryChange?.(next);
    }
    const call = ++latest.current;
    if (!next.trim()) {
      setResults(null);
      setError(null);
      setPending(false);
      return;
    }
    setPending(true);
    sendMessage('search', { query: next, limit: props.limit ?? 6 }).then(
      (found) => {
        if (call !== latest.current) return;
        setResults(found);
        setError(null);
        setPending(false);
      },
      (err: unknown) => {
        if (call !== latest.current) return;
        setError(errorMessage(err));
        setPending(false);
      },
    );
  };

  const shown = results && results.query === query ? results : null;
  // Notes still being indexed (the first search after the browser started): ask again as they arrive.
  const indexing = shown?.notesIndexing ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: ask again when indexing moved on (`done`), not for a new object with the same progress
  useEffect(() => {
    if (!indexing) return;
    const timer = setTimeout(() => ask(query, true), 700);
    return () => clearTimeout(timer);
  }, [indexing?.done, query]);
  const options: Option[] = shown
    ? [
        ...shown.accounts.map((a) => ({ key: `a:${a.id}`, target: { kind: 'account' as const, id: a.id } })),
        ...shown.contacts.map((c) => ({ key: `c:${c.id}`, target: { kind: 'contact' as const, id: c.id } })),
        ...shown.notes.map((n) => ({
          key: `n:${n.id}`,
          target: n.subject ? { kind: n.subject.kind, id: n.subject.id } : null,
        })),
      ]
    : [];
  const activeKey = options[Math.min(active, options.length - 1)]?.key;
  const optionId = (key: string) => `${id}-${key.replace(/[^a-z0-9-]/gi, '')}`;

  const open = (option: Option | undefined) => {
    if (!option?.target) return;
    props.onOpen(option.target);
    ask('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      setActive((a) => (a + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      setActive((a) => (a - 1 + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(options[Math.min(active, options.length - 1)]);
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      ask('');
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: optionId depends only on this box's fixed id
  useEffect(() => {
    if (activeKey) document.getElementById(optionId(activeKey))?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);

  const expanded = !!query.trim();
  const item = (option: Option, body: ReactNode) => (
    // The ARIA combobox pattern: focus stays in the input (aria-activedescendant), whose arrow keys and Enter drive these options.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the input's keys drive the options (combobox pattern)
    // biome-ignore lint/a11y/useFocusableInteractive: options are not focused in a combobox; the input is
    <li
      key={option.key}
      id={optionId(option.key)}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a listbox's options, in a list whose own role is none
      role="option"
      aria-selected={option.key === activeKey}
      className={`search-hit${option.key === activeKey ? ' active' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => open(option)}
    >
      {body}
    </li>
  );

  /** One kind of result under its heading; nothing when there is none. */
  const group = (kind: string, title: string, hits: [key: string, body: ReactNode][]) =>
    hits.length ? (
      // biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox is an ARIA role, with no HTML element for it
      <div role="group" aria-labelledby={`${id}-${kind}`}>
        <div id={`${id}-${kind}`} className="search-group">
          {title}
        </div>
        <ul role="none" className="list">
          {hits.map(([key, body]) => item(options.find((o) => o.key === key)!, body))}
        </ul>
      </div>
    ) : null;

  return (
    <div className="search-box">
      <input
        ref={input}
        className="search"
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={expanded}
        aria-controls={`${id}-results`}
        aria-autocomplete="list"
        aria-activedescendant={expanded && activeKey ? optionId(activeKey) : undefined}
        placeholder={t('search.placeholder')}
        autoFocus={props.autoFocus}
        value={query}
        maxLength={500}
        onChange={(e) => ask(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      {expanded ? (
        <div
          id={`${id}-results`}
          className="search-results"
          role="listbox"
          aria-label={t('search.results')}
          data-query={shown?.query ?? ''}
          data-testid="search-results"
        >
          {error ? (
            <p className="error" role="alert">
              {t('search.failed', { reason: error })}
            </p>
          ) : null}
          {!shown && !error ? (
            <p className="muted small" role="status">
              {pending ? t('search.searching') : ''}
            </p>
          ) : null}
          {indexing ? (
            <p className="muted small" role="status">
              {t('search.indexing', { done: indexing.done, total: indexing.total })}
              <progress
                className="progress"
                max={indexing.total}
                value={indexing.done}
                aria-label={t('search.indexedLabel')}
              />
            </p>
          ) : null}
          {shown && options.length === 0 && !indexing ? (
            <p className="empty" role="status">
              {t('search.none', { query: shown.query })}
            </p>
          ) : null}
          {shown
            ? group(
                'accounts',
                t('search.accounts'),
                shown.accounts.map((a) => [
                  `a:${a.id}`,
                  <>
                    <span className={`tier ${a.tier}`}>{a.tier}</span>
                    <span className="name">{a.name}</span>
                    <span className="muted small">{a.domain ?? ''}</span>
                  </>,
                ]),
              )
            : null}
          {shown
            ? group(
                'contacts',
                t('search.people'),
                shown.contacts.map((c) => [
                  `c:${c.id}`,
                  <>
                    <span className="name">{c.name}</span>
                    <span className="muted small">{c.accountName ?? c.email ?? ''}</span>
                  </>,
                ]),
              )
            : null}
          {shown
            ? group(
                'notes',
                t('search.notes'),
                shown.notes.map((n) => [
                  `n:${n.id}`,
                  // biome-ignore lint/correctness/useJsxKeyInIterable: the key is the tuple's first item; item() puts it on the <li>
                  <span className="stack-tight">
                    <span className="muted small">
                      {n.subject?.name ?? t('search.deletedRecord')} · {formatDate(n.updatedAt)}
                    </span>
                    <span className="snippet">{n.snippet}</span>
                  </span>,
                ]),
              )
            : null}
        </div>
      ) : null}
    </div>
  );
});
