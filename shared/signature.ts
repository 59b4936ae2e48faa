/**
 * Reads a sender's signature from an email's text: title, phone, company and website. Runs in the
 * page (content script) only when the rep captures a contact; the text itself is never stored or
 * sent. Light on purpose: no schema library, no public-suffix list.
 */
export interface SignatureFields {
  name?: string;
  title?: string;
  company?: string;
  phone?: string;
  /** A host name (`www.example.com`), without scheme or path. */
  website?: string;
}

const MAX_SIGNATURE_LINES = 10;

const SIGN_OFF =
  /^(best( regards| wishes)?|kind regards|warm regards|warmest regards|regards|many thanks|thanks( again| and regards)?|thank you|cheers|sincerely|yours( sincerely| truly)?|all the best|talk soon|mit freundlichen grüßen|viele grüße|beste grüße|cordialement|saludos|un saludo|atenciosamente|cumprimentos|com os melhores cumprimentos|此致|此致敬礼|敬礼|谢谢|謝謝|祝好|顺祝商祺|감사합니다|고맙습니다|수고하세요)[\s,.!。，、]*$/iu;
const QUOTE_START =
  /^(on .{4,}wrote:?$|le .{4,}a écrit|am .{4,}schrieb|-{2,}\s*(original message|forwarded message)|_{5,}$|(from|de|von|发件人|寄件者|보낸 사람)\s*[:：]|>)/iu;
const LEGAL =
  /(\b(inc|llc|l\.l\.c|ltd|limited|gmbh|ag|sa|s\.a|sl|s\.l|lda|plc|corp|corporation|company|group|bv|b\.v|nv|oy|ab|kk|pte|srl|spa|sas|sarl)\b\.?)|有限公司|股份有限公司|集团|集團|株式会社|주식회사|\(주\)|㈜/iu;
const TITLE_WORDS =
  /(\b(head|director|manager|lead|chief|officer|ceo|cto|cfo|coo|cmo|vp|svp|evp|vice president|president|founder|co-founder|partner|owner|engineer|buyer|purchasing|procurement|sales|account|executive|specialist|consultant|analyst|coordinator|assistant|representative|associate|principal|supervisor|administrator|advisor|gerente|director[a]?|diretor[a]?|leiter|leiterin|geschäftsführer|geschäftsführerin|responsable)\b)|经理|經理|总监|總監|主管|总裁|總裁|董事|工程师|工程師|采购|採購|销售|銷售|팀장|부장|과장|대리|이사|대표|매니저|실장|사원/iu;
const PHONE_LABEL =
  /^(tel|tel\.|phone|mobile|mob|cell|office|direct|fax|t|m|p|ph|o|d|电话|電話|手机|手機|座机|전화|휴대폰|핸드폰|연락처)\s*[:：.]?\s+|^(tel|phone|mobile|t|m|p|电话|電話|手机|手機|전화|휴대폰)\s*[:：]\s*/iu;
const PHONE = /(?:\+|00)?\(?\d[\d\s().\-/]{5,}\d/u;
const WEBSITE = /^(?:(?:https?:\/\/)?(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,63})(?:\/\S*)?$/iu;
const EMAIL = /\S+@\S+\.\S+/u;
const SEPARATORS = /\s+[·|•∙｜/]\s+|\s*[｜|•]\s*|\t/u;

function digitCount(text: string): number {
  return (text.match(/\d/gu) ?? []).length;
}

function asPhone(segment: string): string | undefined {
  const labelled = PHONE_LABEL.test(segment);
  const rest = segment.replace(PHONE_LABEL, '');
  const match = PHONE.exec(rest);
  if (!match) return undefined;
  const phone = match[0].trim();
  const digits = digitCount(phone);
  if (digits < 7 || digits > 16) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/u.test(phone)) return undefined; // a date, not a number
  // A bare number must look like one: a + prefix, spaces or dashes between groups, or a label.
  if (!labelled && !/^(\+|00|\()/u.test(phone) && !/[\s\-.]/u.test(phone)) return undefined;
  return phone;
}

function asWebsite(segment: string): string | undefined {
  const text = segment.replace(/^(web|website|www|site|网站|網站|홈페이지)\s*[:：]\s*/iu, '').trim();
  if (EMAIL.test(text) || !WEBSITE.test(text)) return undefined;
  const host = text
    .replace(/^https?:\/\//iu, '')
    .split('/')[0]!
    .toLowerCase();
  // A domain-like word alone ("Ltd.", "e.g.") is not a website: ask for a dot and a known shape.
  return /^(www\.|[\p{L}\p{N}-]+\.[\p{L}]{2,})/iu.test(host) && host.includes('.') ? host : undefined;
}

/** The lines of the newest message only: quoted replies and forwarded history are cut off. */
function ownLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((l) => l.replace(/\u00a0/gu, ' ').trim());
  const cut = lines.findIndex((line, i) => i > 0 && QUOTE_START.test(line));
  return cut === -1 ? lines : lines.slice(0, cut);
}

function signatureBlock(lines: string[], senderName: string): { lines: string[]; confident: boolean } {
  const nonEmptyEnd = (() => {
    let end = lines.length;
    while (end > 0 && !lines[end - 1]) end--;
    return end;
  })();
  const body = lines.slice(0, nonEmptyEnd);
  const dashes = body.map((l) => l === '--' || l === '-- ' || l === '—').lastIndexOf(true);
  if (dashes !== -1) return { lines: body.slice(dashes + 1), confident: true };
  const signOff = body.map((l) => SIGN_OFF.test(l)).lastIndexOf(true);
  if (signOff !== -1) return { lines: body.slice(signOff + 1), confident: true };
  const name = senderName.trim().toLowerCase();
  if (name) {
    const nameLine = body.map((l) => l.toLowerCase().startsWith(name)).lastIndexOf(true);
    if (nameLine > 0) return { lines: body.slice(nameLine), confident: true };
  }
  return { lines: body.slice(-4), confident: false };
}

/**
 * Parses the signature of the newest message in `text` (the message body as the reader sees it).
 * Only fields it is fairly sure of are returned; the rep reviews them before anything is saved.
 */
export function parseSignature(text: string, sender: { name?: string; email?: string } = {}): SignatureFields {
  const block = signatureBlock(ownLines(text), sender.name ?? '');
  const segments = block.lines
    .filter(Boolean)
    .slice(0, MAX_SIGNATURE_LINES)
    .flatMap((line, lineIndex) => line.split(SEPARATORS).map((s) => ({ text: s.trim(), lineIndex })))
    .filter((s) => s.text && s.text.length <= 120);
  const fields: SignatureFields = {};
  const senderName = (sender.name ?? '').trim().toLowerCase();
  let titleAt = -1;
  segments.forEach((segment, index) => {
    const text = segment.text;
    if (EMAIL.test(text) && !/^(e|email|mail|邮箱|이메일)\s*[:：]/iu.test(text)) return;
    const phone = asPhone(text);
    if (phone) {
      fields.phone ??= phone;
      return;
    }
    const website = asWebsite(text);
    if (website) {
      fields.website ??= website;
      return;
    }
    if (!block.confident || digitCount(text) > 4 || EMAIL.test(text)) return;
    if (senderName && text.toLowerCase() === senderName) {
      fields.name ??= text;
      return;
    }
    if (index === 0 && !TITLE_WORDS.test(text) && !LEGAL.test(text) && text.split(/\s+/u).length <= 4) {
      fields.name ??= text;
      return;
    }
    // "Head of Purchasing at Porto Verde Retail", "Sales Director, Nordlicht GmbH"
    const at = /^(.+?)\s*(?:\bat\b|@|,)\s*(.+)$/iu.exec(text);
    if (!fields.title && at && TITLE_WORDS.test(at[1]!) && !TITLE_WORDS.test(at[2]!)) {
      fields.title = at[1]!.trim();
      fields.company ??= at[2]!.trim();
      titleAt = index;
      return;
    }
    if (!fields.title && TITLE_WORDS.test(text) && !LEGAL.test(text)) {
      fields.title = text;
      titleAt = index;
      return;
    }
    if (!fields.company && (LEGAL.test(text) || (titleAt !== -1 && index === titleAt + 1))) {
      fields.company = text;
    }
  });
  return fields;
}
