import { describe, expect, it } from 'vitest';
import { COMMANDS, manifestCommands, panelRequestForCommand } from '../../extension/lib/commands';
import type { TabContext } from '../../extension/lib/tab-context';

const NOW = 1_795_425_240_000;
const email = (compose = false): TabContext => ({
  tabId: 7,
  at: NOW,
  context: {
    site: 'gmail',
    url: 'https://mail.google.com/mail/u/0/#inbox/1',
    domains: [],
    people: [
      { email: 'rep@us.example', name: 'Rep', role: 'to' },
      { email: 'jonas@nordlicht.example', name: 'Jonas', role: 'from' },
    ],
    ...(compose ? { compose: true } : {}),
  } as TabContext['context'],
});

describe('keyboard commands', () => {
  it('are all in the manifest, at most four with a suggested key the rep can change (Chrome’s limit)', () => {
    const commands = manifestCommands();
    expect(Object.keys(commands)).toEqual(['open-panel', 'search', 'add-note', 'capture-sender', 'open-portfolio']);
    const keyed = Object.values(commands).filter((c) => c.suggested_key);
    expect(keyed).toHaveLength(4);
    expect(keyed.every((c) => /^Alt\+Shift\+[A-Z]$/.test(c.suggested_key!.default))).toBe(true);
    expect(Object.values(commands).every((c) => c.description.length > 0)).toBe(true);
    expect(commands['open-portfolio']).toEqual({ description: '__MSG_cmdOpenPortfolio__' });
    expect(new Set(Object.values(COMMANDS).map((c) => c.key)).size).toBe(5);
  });

  it('map to what the side panel should do', () => {
    expect(panelRequestForCommand('open-panel', undefined, NOW)).toEqual({});
    expect(panelRequestForCommand('open-portfolio', undefined, NOW)).toEqual({ page: 'portfolio' });
    expect(panelRequestForCommand('search', undefined, NOW)).toEqual({ request: { kind: 'search', at: NOW } });
    expect(panelRequestForCommand('add-note', email(), NOW)).toEqual({ request: { kind: 'note', at: NOW } });
    expect(panelRequestForCommand('unknown', undefined, NOW)).toBeNull();
  });

  it('capture the open email’s sender, and explain when no email is open', () => {
    expect(panelRequestForCommand('capture-sender', email(), NOW)).toEqual({ focus: 'jonas@nordlicht.example' });
    // A draft has recipients, not a sender.
    expect(panelRequestForCommand('capture-sender', email(true), NOW)?.request?.kind).toBe('notice');
    expect(panelRequestForCommand('capture-sender', undefined, NOW)).toEqual({
      request: { kind: 'notice', message: 'notice.openEmailFirst', at: NOW },
    });
  });
});

describe('the manifest’s words in every language', () => {
  it('writes _locales for each UI language with every message the manifest names', async () => {
    const { manifestLocaleFiles } = await import('../../scripts/lib/manifest-locales');
    const files = manifestLocaleFiles();
    expect(files.map((f) => f.relativeDest).sort()).toEqual([
      '_locales/en/messages.json',
      '_locales/ko/messages.json',
      '_locales/zh_CN/messages.json',
      '_locales/zh_TW/messages.json',
    ]);
    const named = Object.values(COMMANDS).map((c) => c.description.replace(/^__MSG_(\w+)__$/, '$1'));
    for (const file of files) {
      const messages = JSON.parse(file.contents) as Record<string, { message: string }>;
      for (const name of [...named, 'extDescription', 'actionTitle'])
        expect(messages[name]?.message.trim(), `${file.relativeDest} ${name}`).toBeTruthy();
    }
    expect(JSON.parse(files.find((f) => f.relativeDest.includes('/ko/'))!.contents).cmdSearch.message).toBe(
      '고객사, 사람, 메모 검색',
    );
  });
});
