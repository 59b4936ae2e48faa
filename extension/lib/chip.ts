import type { ContextSummary } from '../../shared/page-context';

const STYLE = `
:host { all: initial; }
.chip { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; display: flex; gap: 8px; align-items: center;
  font: 13px/1.3 system-ui, sans-serif; color: #1f2937; background: #fff; border: 1px solid #d1d5db; border-radius: 999px;
  padding: 6px 12px; box-shadow: 0 2px 8px rgba(0,0,0,.15); cursor: pointer; max-width: 360px; }
.chip:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
.tier { font-weight: 700; border-radius: 4px; padding: 0 6px; color: #fff; background: #6b7280; }
.tier.A { background: #b45309; } .tier.B { background: #2563eb; } .tier.C { background: #6b7280; }
.label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.muted { color: #6b7280; white-space: nowrap; }
@media (prefers-color-scheme: dark) { .chip { background: #1f2937; color: #f3f4f6; border-color: #374151; } .muted { color: #9ca3af; } }
`;

/** The in-page chip: plain DOM in a closed shadow root; everything from the page is set as text, never HTML. */
export function createChip(onOpen: () => void) {
  const host = document.createElement('margin-chip');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.className = 'chip';
  button.type = 'button';
  button.addEventListener('click', onOpen);
  shadow.append(style, button);

  function span(className: string, text: string) {
    const el = document.createElement('span');
    el.className = className;
    el.textContent = text;
    return el;
  }

  return {
    render(summary: ContextSummary) {
      const p = summary.primary;
      if (!p) {
        host.remove();
        return;
      }
      const parts: HTMLElement[] = [];
      if (p.tier) parts.push(span(`tier ${p.tier}`, p.tier));
      if (p.kind === 'unknown') {
        parts.push(span('label', p.accountName ? `${p.label} · ${p.accountName}` : p.label));
        parts.push(span('muted', summary.signedIn ? 'unknown — add' : 'sign in to Margin'));
      } else {
        parts.push(span('label', p.accountName && p.kind === 'contact' ? `${p.label} · ${p.accountName}` : p.label));
        parts.push(span('muted', `${p.openTasks} open · ${p.notes} ${p.notes === 1 ? 'note' : 'notes'}`));
      }
      button.replaceChildren(...parts);
      button.setAttribute('aria-label', `Margin: ${button.textContent ?? ''}. Open the side panel`);
      host.dataset.kind = p.kind;
      if (!host.isConnected) document.documentElement.append(host);
    },
    remove() {
      host.remove();
    },
  };
}
