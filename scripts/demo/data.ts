import { buildRecord } from '../../shared/factories';
import type { AnyRecord, Tier } from '../../shared/records';

const DAY = 86_400_000;

interface DemoAccount {
  name: string;
  domain: string;
  tier: Tier;
  kind: 'economic' | 'important' | 'group' | 'strategic';
  revenue: number;
  people: [name: string, local: string, title: string, phone: string][];
  notes: string[];
  task?: [title: string, dueInDays: number];
  lastTouchDaysAgo: number;
}

/** A believable team: a dozen accounts across tiers and kinds, in the languages Margin speaks. */
const ACCOUNTS: DemoAccount[] = [
  {
    name: 'Porto Verde Retail',
    domain: 'portoverde.pt',
    tier: 'A',
    kind: 'economic',
    revenue: 1_240_000,
    lastTouchDaysAgo: 41,
    people: [
      ['Inês Costa', 'ines.costa', 'Head of Purchasing', '+351 21 555 0142'],
      ['Rui Almeida', 'rui.almeida', 'Store Operations Lead', '+351 21 555 0177'],
    ],
    notes: [
      'Q3 order for the Lisbon stores is 20% up on last year; they want a staggered delivery.',
      'Inês prefers calls on Tuesday mornings. Renewal of the framework contract in February.',
    ],
    task: ['Send revised delivery schedule for Lisbon stores', 3],
  },
  {
    name: 'Nordlicht Logistik',
    domain: 'nordlicht-logistik.de',
    tier: 'A',
    kind: 'strategic',
    revenue: 980_000,
    lastTouchDaysAgo: 9,
    people: [
      ['Jonas Weber', 'j.weber', 'Geschäftsführer', '+49 40 5550 2210'],
      ['Lena Hoffmann', 'l.hoffmann', 'Einkauf', '+49 40 5550 2234'],
    ],
    notes: ['Competitor pitched them last month; Jonas asked for a three-year plan with volume rebates.'],
    task: ['Draft three-year account plan with Jonas', 10],
  },
  {
    name: '华辰电子 Huachen Electronics',
    domain: 'huachen-elec.cn',
    tier: 'A',
    kind: 'group',
    revenue: 860_000,
    lastTouchDaysAgo: 20,
    people: [
      ['王芳', 'wang.fang', '采购总监', '+86 755 5550 8812'],
      ['李伟', 'li.wei', 'Supply Chain Manager', '+86 755 5550 8830'],
    ],
    notes: ['王芳 confirmed the new component line ships from Shenzhen in May. They share forecasts monthly.'],
  },
  {
    name: 'Hanbit Foods 한빛식품',
    domain: 'hanbitfoods.co.kr',
    tier: 'A',
    kind: 'economic',
    revenue: 720_000,
    lastTouchDaysAgo: 15,
    people: [
      ['김민준', 'minjun.kim', '구매팀장', '+82 2 555 0190'],
      ['이서연', 'seoyeon.lee', 'Quality Manager', '+82 2 555 0191'],
    ],
    notes: ['김민준 wants samples of the new packaging before the autumn season.'],
    task: ['Ship packaging samples to Seoul', 7],
  },
  {
    name: 'Cedar & Pine Hotels',
    domain: 'cedarpine.com',
    tier: 'B',
    kind: 'economic',
    revenue: 310_000,
    lastTouchDaysAgo: 33,
    people: [['Grace Miller', 'grace.miller', 'Procurement Manager', '+1 503 555 0118']],
    notes: ['Opening two new properties next year; Grace will loop in the design team.'],
  },
  {
    name: 'Maple Health Clinics',
    domain: 'maplehealth.ca',
    tier: 'B',
    kind: 'important',
    revenue: 280_000,
    lastTouchDaysAgo: 12,
    people: [
      ['Dr. Amira Haddad', 'a.haddad', 'Medical Director', '+1 416 555 0163'],
      ['Tom Nguyen', 'tom.nguyen', 'Operations', '+1 416 555 0164'],
    ],
    notes: ['Public tender rules: all quotes go through their portal, never by email.'],
  },
  {
    name: 'Aurora Schools Trust',
    domain: 'aurora-schools.org.uk',
    tier: 'B',
    kind: 'important',
    revenue: 240_000,
    lastTouchDaysAgo: 50,
    people: [['Fiona Clarke', 'f.clarke', 'Business Manager', '+44 161 555 0123']],
    notes: ['Budget year starts in April; Fiona needs quotes by mid-March.'],
    task: ['Prepare April budget quote for Aurora', 21],
  },
  {
    name: 'Kestrel Outdoor',
    domain: 'kestreloutdoor.com',
    tier: 'B',
    kind: 'strategic',
    revenue: 190_000,
    lastTouchDaysAgo: 4,
    people: [['Sam Ortega', 'sam', 'Founder', '+1 720 555 0150']],
    notes: ['Fast-growing; Sam is open to an exclusive regional deal.'],
  },
  {
    name: 'Blue Heron Books',
    domain: 'blueheronbooks.com',
    tier: 'C',
    kind: 'economic',
    revenue: 60_000,
    lastTouchDaysAgo: 95,
    people: [['Priya Shah', 'priya', 'Owner', '+1 207 555 0101']],
    notes: [],
  },
  {
    name: 'Tidewater Marine Supply',
    domain: 'tidewatermarine.com',
    tier: 'C',
    kind: 'economic',
    revenue: 45_000,
    lastTouchDaysAgo: 60,
    people: [['Dale Brooks', 'dale.brooks', 'Buyer', '+1 757 555 0177']],
    notes: ['Seasonal: orders in March and September.'],
  },
  {
    name: 'Sunpeak Solar',
    domain: 'sunpeak.com.au',
    tier: 'C',
    kind: 'strategic',
    revenue: 38_000,
    lastTouchDaysAgo: 27,
    people: [['Chloe Bennett', 'chloe.bennett', 'Project Lead', '+61 2 5550 1188']],
    notes: [],
  },
  {
    name: 'Lumen Dental Lab',
    domain: 'lumendental.ie',
    tier: 'C',
    kind: 'economic',
    revenue: 22_000,
    lastTouchDaysAgo: 120,
    people: [['Ciarán Byrne', 'ciaran', 'Lab Manager', '+353 1 555 0133']],
    notes: [],
  },
];

/** Builds the demo workspace's records, stamped as created by `memberId`. */
export function demoRecords(memberId: string, now = Date.now()): AnyRecord[] {
  const records: AnyRecord[] = [];
  const at = (daysAgo: number) => ({ memberId, now: now - daysAgo * DAY });
  records.push(
    buildRecord(
      'settings',
      {
        cadenceDays: { A: 14, B: 30, C: 90 },
        internalDomains: ['margin-demo.example'],
        scorecard: [
          { id: 'value', label: 'Value against price', family: 'attractiveness', weight: 20 },
          { id: 'access', label: 'Access to the key people', family: 'attractiveness', weight: 15 },
          { id: 'volume', label: 'Volume', family: 'potential', weight: 25 },
          { id: 'margin', label: 'Margin', family: 'potential', weight: 20 },
          { id: 'relationship', label: 'State of the relationship', family: 'relationship', weight: 20 },
        ],
      },
      at(200),
    ),
  );
  for (const a of ACCOUNTS) {
    const account = buildRecord(
      'account',
      {
        name: a.name,
        domains: [a.domain],
        tier: a.tier,
        kind: a.kind,
        revenue: a.revenue,
        ownerId: memberId,
        reviewEvery: a.tier === 'A' ? 90 : a.tier === 'B' ? 180 : null,
      },
      at(180),
    );
    records.push(account);
    const contactIds: string[] = [];
    for (const [name, local, title, phone] of a.people) {
      const contact = buildRecord(
        'contact',
        { name, emails: [`${local}@${a.domain}`], phones: [phone], title, accountId: account.id, source: 'demo' },
        at(170),
      );
      contactIds.push(contact.id);
      records.push(contact);
    }
    a.notes.forEach((body, i) => {
      records.push(buildRecord('note', { subjectId: account.id, body }, at(a.lastTouchDaysAgo + 10 * i)));
    });
    records.push(
      buildRecord(
        'interaction',
        {
          subjectIds: [account.id, contactIds[0]!],
          kind: a.tier === 'C' ? 'email' : 'meeting',
          at: now - a.lastTouchDaysAgo * DAY,
          summary: `Check-in with ${a.people[0]![0]}`,
        },
        at(a.lastTouchDaysAgo),
      ),
    );
    if (a.task)
      records.push(
        buildRecord(
          'task',
          { subjectId: account.id, title: a.task[0], dueAt: now + a.task[1] * DAY, assigneeId: memberId },
          at(2),
        ),
      );
  }
  return records;
}
