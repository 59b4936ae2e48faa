import ICAL from 'ical.js';
import type { ContactDraft } from './drafts';
import { joinName } from './csv';
import { MessageError } from '../../i18n/errors';

/** vCard values may be a string or a structured list (N, ORG); this takes the text of either. */
function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(' ').trim();
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads vCard 3.0 and 4.0 files (one card or many, folded lines, parameters, escaped characters)
 * with ical.js. Each card becomes a draft; its `line` is the card's number in the file.
 */
export function vcardDrafts(source: string): ContactDraft[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new MessageError('error.vcardUnreadable', { reason: error instanceof Error ? error.message : String(error) });
  }
  // One card parses to a jCard, several to a list of them.
  const cards = (Array.isArray(parsed) && parsed[0] === 'vcard' ? [parsed] : (parsed as unknown[])).filter(
    (c): c is unknown[] => Array.isArray(c) && c[0] === 'vcard',
  );
  if (!cards.length) throw new MessageError('error.vcardEmpty');
  return cards.map((jcard, index) => {
    const card = new ICAL.Component(jcard as never);
    const all = (name: string) =>
      card
        .getAllProperties(name)
        .flatMap((p) => p.getValues().map(text))
        .filter(Boolean);
    const n = card.getFirstPropertyValue('n');
    const structured = Array.isArray(n) ? n.map(text) : [];
    const name = text(card.getFirstPropertyValue('fn')) || joinName(structured[1] ?? '', structured[0] ?? '');
    const org = card.getFirstPropertyValue('org');
    return {
      line: index + 1,
      name,
      emails: all('email').map((e) => e.replace(/^mailto:/i, '')),
      phones: all('tel').map((t) => t.replace(/^tel:/i, '')),
      title: text(card.getFirstPropertyValue('title')),
      company: Array.isArray(org) ? text(org[0]) : text(org),
      tags: all('categories'),
      note: all('note').join('\n\n'),
    };
  });
}

/** Contacts as vCard 4.0 (RFC 6350), one card each, written by ical.js. */
export function contactsVcard(
  rows: readonly {
    id: string;
    name: string;
    emails: string[];
    phones: string[];
    title: string;
    company: string;
    tags: string[];
    updatedAt: number;
  }[],
): string {
  return rows
    .map((c) => {
      const card = new ICAL.Component('vcard');
      card.addPropertyWithValue('version', '4.0');
      card.addPropertyWithValue('uid', `urn:uuid:${c.id}`);
      card.addPropertyWithValue('fn', c.name);
      for (const email of c.emails) card.addPropertyWithValue('email', email);
      for (const phone of c.phones) card.addPropertyWithValue('tel', phone);
      if (c.company) {
        // ORG is structured (company;department): a value, not text, so a ";" in the name is escaped.
        const org = new ICAL.Property('org', card);
        org.setValue([c.company] as never);
        card.addProperty(org);
      }
      if (c.title) card.addPropertyWithValue('title', c.title);
      if (c.tags.length) {
        const categories = new ICAL.Property('categories', card);
        categories.setValues(c.tags);
        card.addProperty(categories);
      }
      card.addPropertyWithValue(
        'rev',
        new Date(c.updatedAt)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z'),
      );
      return card.toString();
    })
    .join('\r\n');
}
