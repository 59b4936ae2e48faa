import { useEffect, useState } from 'react';
import { COMMANDS, type CommandName } from '../lib/commands';
import { useT } from '../i18n/react';

interface Shortcut {
  name: CommandName;
  shortcut: string;
}

const ORDER: string[] = Object.keys(COMMANDS);

/** Where the browser lets the rep change an extension's keys. */
function openShortcutSettings() {
  const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
  if (commands.openShortcutSettings)
    void commands.openShortcutSettings(); // Firefox
  else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}

/** Options → Keyboard shortcuts: Margin's commands with the keys the browser has for them now. */
export function Shortcuts() {
  const { t } = useT();
  const [shortcuts, setShortcuts] = useState<Shortcut[] | null>(null);
  useEffect(() => {
    void browser.commands.getAll().then((all) =>
      setShortcuts(
        all
          .filter((c): c is typeof c & { name: CommandName } => !!c.name && c.name in COMMANDS)
          .map((c) => ({ name: c.name, shortcut: c.shortcut ?? '' }))
          .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name)),
      ),
    );
  }, []);
  return (
    <section className="card stack" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title" className="section-title">
        {t('shortcuts.title')}
      </h2>
      {shortcuts === null ? <p className="muted">{t('common.loading')}</p> : null}
      <table className="shortcuts" data-testid="shortcuts">
        <tbody>
          {shortcuts?.map((s) => (
            <tr key={s.name}>
              <td>{t(`shortcuts.${s.name}`)}</td>
              <td>{s.shortcut ? <kbd>{s.shortcut}</kbd> : <span className="muted">{t('shortcuts.notSet')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button className="btn" type="button" onClick={openShortcutSettings}>
          {t('shortcuts.change')}
        </button>
      </div>
    </section>
  );
}
