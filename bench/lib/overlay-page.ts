/** What the overlay benchmarks (Chromium and Firefox) load: the team's cache, and a Gmail-markup page that opens threads and churns its DOM. */
import { buildRecord } from '../../shared/factories';
import type { AnyRecord } from '../../shared/records';
import { seededRandom } from './dataset';

export interface OverlaySizes {
  contacts: number;
  accounts: number;
}

export function overlayDataset(
  memberId: string,
  { contacts: CONTACTS, accounts: ACCOUNTS }: OverlaySizes,
): AnyRecord[] {
  const random = seededRandom(7);
  const by = { memberId, now: Date.UTC(2026, 10, 1) };
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) =>
    buildRecord(
      'account',
      { name: `Account ${i}`, domains: [`account-${i}.example.com`], tier: (['A', 'B', 'C'] as const)[i % 3] },
      by,
    ),
  );
  const contacts = Array.from({ length: CONTACTS }, (_, i) =>
    buildRecord(
      'contact',
      {
        name: `Contact ${i}`,
        emails: [`contact${i}@account-${i % ACCOUNTS}.example.com`],
        title: 'Buyer',
        accountId: accounts[i % ACCOUNTS]!.id,
      },
      by,
    ),
  );
  const tasks = Array.from({ length: 5_000 }, (_, i) =>
    buildRecord('task', { subjectId: accounts[Math.floor(random() * ACCOUNTS)]!.id, title: `Follow up ${i}` }, by),
  );
  const notes = Array.from({ length: 10_000 }, (_, i) =>
    buildRecord(
      'note',
      { subjectId: contacts[Math.floor(random() * CONTACTS)]!.id, body: `Note ${i} about the order` },
      by,
    ),
  );
  return [...accounts, ...contacts, ...tasks, ...notes];
}

/** A Gmail-markup page whose "app" opens threads and churns its DOM on command. */
export const overlayPage = ({
  accounts: ACCOUNTS,
}: OverlaySizes) => `<!doctype html><html><head><meta charset="utf-8"><title>Inbox - rep@bench.example - Gmail</title></head>
<body><div id="nav"></div><div id="app"></div><script>
  const thread = (i) => '<div class="a98 iY" role="main"><h2 class="hP">Order ' + i + '</h2>' +
    '<div class="adn ads" data-legacy-message-id="m' + i + '"><table><tr><td class="gF"><span class="qu"><span class="gD" email="contact' + i + '@account-' + (i % ${ACCOUNTS}) + '.example.com" name="Contact ' + i + '">Contact ' + i + '</span></span></td></tr></table>' +
    '<div class="hb">to <span class="g2" email="rep@bench.example" name="Rep">me</span></div><div class="ii gt">Hello,<br>about the order.<br>Regards</div></div></div>';
  window.openThread = (i) => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const chip = document.querySelector('.adn[data-legacy-message-id="m' + i + '"] span.qu + margin-chip');
      if (chip && chip.dataset.kind === 'contact') { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.getElementById('app'), { childList: true, subtree: true, attributes: true });
    const start = performance.now();
    document.getElementById('app').innerHTML = thread(i);
  });
  window.closeThread = () => { document.getElementById('app').innerHTML = ''; };
  window.churn = (seconds) => new Promise((resolve) => {
    // 1,000 DOM mutations a second: 10 every 10 ms, in a list beside the thread (like Gmail's inbox rows).
    const nav = document.getElementById('nav');
    let n = 0;
    const timer = setInterval(() => {
      for (let k = 0; k < 10; k++) {
        const row = document.createElement('div');
        row.textContent = 'row ' + (n++);
        nav.append(row);
        if (nav.childElementCount > 50) nav.firstElementChild.remove();
      }
    }, 10);
    setTimeout(() => { clearInterval(timer); resolve(n); }, seconds * 1000);
  });
</script></body></html>`;
