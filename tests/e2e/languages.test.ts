import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createInvite, createTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');

describe('languages', () => {
  let taiwan: ExtensionProfile;
  let code: string;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Language Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 86_400_000 };
    await pushRecords(serverUrl, owner.token, [
      buildRecord('account', { name: '華辰電子', domains: ['huachen.tw'], tier: 'A' }, by),
    ]);
    code = await createInvite(serverUrl, owner.token);
    taiwan = await launchProfile(productionDir, { locale: 'zh-TW' });
  });

  afterAll(async () => {
    await taiwan?.close();
  });

  it('follows the browser’s language (Traditional Chinese), and the rep can pick another one in Options, applied at once', async () => {
    // The sign-in form is already in the browser's language.
    const options = await taiwan.page('options.html');
    await expect.poll(() => options.getByRole('heading', { level: 1 }).innerText()).toBe('Margin 選項');
    await options.getByLabel('伺服器位址').waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    await options.close();
    // signIn() fills the English labels: sign in through the localized form instead.
    const form = await taiwan.page('options.html');
    await form.getByLabel('伺服器位址').fill(serverUrl);
    await form.getByLabel('登入碼或邀請連結').fill(code);
    await form.getByLabel('你的名字').fill('陳小姐');
    await form.getByRole('button', { name: '登入' }).click();
    await form.getByTestId('signed-in').waitFor({ timeout: 20_000 });
    expect(await form.getByTestId('signed-in').innerText()).toBe('已以 陳小姐（成員）身分登入 Language Team');
    expect(await form.getByTestId('language').locator('option:checked').innerText()).toBe('跟隨瀏覽器（繁體中文）');

    const panel = await taiwan.page('sidepanel.html');
    await expect.poll(() => panel.getByRole('tab').allInnerTexts()).toEqual(['今天', '商機', '客戶', '聯絡人']);
    await expect.poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 }).toMatch(/^已同步/);
    // Next-step prompts are written in the reader's language too, and so is the toolbar button's title (by the background).
    await panel.getByRole('tab', { name: '今天' }).click();
    await expect
      .poll(() => panel.getByTestId('agenda').innerText(), { timeout: 20_000 })
      .toContain('為 華辰電子 設定有日期的下一步');
    expect(await panel.getByTestId('agenda').innerText()).toContain('重點客戶（A 級）沒有帶日期的下一步');
    const toolbarTitle = () => panel.evaluate('chrome.action.getTitle({})') as Promise<string>;
    await expect.poll(toolbarTitle, { timeout: 20_000 }).toBe('Margin：1 個下一步到期');
    // The browser's own pages (keyboard shortcuts) read the manifest's words from _locales.
    const commands = (await panel.evaluate('chrome.commands.getAll()')) as { name: string; description: string }[];
    expect(commands.find((c) => c.name === 'search')?.description).toBe('搜尋客戶、聯絡人和備註');
    await panel.getByTestId('search-input').fill('華辰');
    await expect.poll(() => panel.getByTestId('search-results').innerText()).toMatch(/客戶[\s\S]*華辰電子/);
    await panel.screenshot({ path: join('test-results', 'side-panel-zh-TW.png') });
    await panel.getByTestId('search-input').fill('');

    // Korean, chosen in Options: every open page changes at once.
    await form.getByTestId('language').selectOption('ko');
    await expect.poll(() => panel.getByRole('tab').allInnerTexts()).toEqual(['오늘', '딜', '고객사', '연락처']);
    expect(await panel.getByTestId('search-input').getAttribute('placeholder')).toBe('고객사, 사람, 메모 검색…');
    await expect
      .poll(() => panel.getByTestId('agenda').innerText())
      .toContain('華辰電子의 날짜가 있는 다음 단계 정하기');
    await expect.poll(toolbarTitle).toBe('Margin: 기한이 된 다음 단계 1개');
    await panel.screenshot({ path: join('test-results', 'agenda-ko.png') });
    await expect.poll(() => form.getByRole('heading', { level: 1 }).innerText()).toBe('Margin 옵션');
    const popup = await taiwan.page('popup.html');
    await expect.poll(() => popup.getByRole('button', { name: '사이드 패널 열기' }).count()).toBe(1);
    await popup.close();

    // Back to the browser's language.
    await form.getByTestId('language').selectOption('auto');
    await expect.poll(() => panel.getByRole('tab').allInnerTexts()).toEqual(['今天', '商機', '客戶', '聯絡人']);
    await panel.close();
    await form.close();
  });
});
