import type { ContextSummary } from '../../shared/page-context';

const STYLE = `
:host { all: initial; display: inline-block; vertical-align: middle; margin: 0 6px; }
:host([data-floating]) { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; margin: 0; }
.chip { display: inline-flex; gap: 6px; align-items: center; font: 12px/1.3 system-ui, sans-serif; color: #1f2937;
  background: #fff; border: 1px solid #d1d5db; border-radius: 999px; padding: 2px 10px; cursor: pointer; max-width: 340px; }
:host([data-floating]) .chip { font-size: 13px; padding: 6px 12px; box-shadow: 0 2px 8px rgba(0,0,0,.15); }
.chip:hover { border-color: #9ca3af; }
.chip:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
.tier { font-weight: 700; border-radius: 4px; padding: 0 5px; color: #fff; background: #6b7280; }
.tier.A { background: #b45309; } .tier.B { background: #2563eb; } .tier.C { background: #6b7280; }
.label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.muted { color: #4b5563; white-space: nowrap; }
.add { color: #1d4ed8; white-space: nowrap; }
@media (prefers-color-scheme: dark) { .chip { background: #1f2937; color: #f3f4f6; border-color: #4b5563; } .muted { color: #d1d5db; } .add { color: #93c5fd; } }
`;

/**
 * The in-page chip: plain DOM in a closed shadow root, drawn beside the open message's sender (or
 * floating at the bottom right when the page has no sender). Everything from the page is set as
 * text, never HTML.
 */
export function createChip(onOpen: (email: string | undefined) => void) {
  const host = document.createElement('margin-chip');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.className = 'chip';
  button.type = 'button';
  let email: string | undefined;
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation(); // Gmail would otherwise collapse the message under the click.
    onOpen(email);
  });
  shadow.append(style, button);

  function span(className: string, text: string) {
    const el = document.createElement('span');
    el.className = className;
    el.textContent = text;
    return el;
  }

  /** Right after the sender (its name and address), or floating. Moves only when needed. */
  function place(anchor: Element | null) {
    if (anchor?.isConnected && anchor.parentElement) {
      host.removeAttribute('data-floating');
      if (anchor.nextElementSibling !== host) anchor.after(host);
    } else {
      host.setAttribute('data-floating', '');
      if (host.parentElement !== document.documentElement) document.documentElement.append(host);
    }
  }

  return {
    render(summary: ContextSummary, anchor: Element | null) {
      const p = summary.primary;
      if (!p) {
        host.remove();
        return;
      }
      email = p.email;
      const parts: HTMLElement[] = [];
      if (p.tier) parts.push(span(`tier ${p.tier}`, p.tier));
      if (p.kind === 'unknown') {
        parts.push(span('label', p.accountName ? `${p.label} · ${p.accountName}` : p.label));
        parts.push(span(summary.signedIn ? 'add' : 'muted', summary.words?.detail ?? ''));
      } else {
        parts.push(span('label', p.accountName && p.kind === 'contact' ? `${p.label} · ${p.accountName}` : p.label));
        parts.push(span('muted', summary.words?.detail ?? ''));
      }
      button.replaceChildren(...parts);
      button.setAttribute('aria-label', `Margin: ${button.textContent ?? ''}. ${summary.words?.open ?? ''}`);
      button.title = summary.words?.title ?? 'Margin';
      host.dataset.kind = p.kind;
      place(anchor);
    },
    /** Keeps a drawn chip beside its sender after the page re-rendered around it. */
    place(anchor: Element | null) {
      if (host.isConnected || host.dataset.kind) place(anchor);
    },
    remove() {
      host.remove();
      delete host.dataset.kind;
    },
    get element() {
      return host;
    },
  };
}
