import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A webmail fixture page (tests/fixtures/webmail), served at its real address by the e2e tests. */
export const webmailFixture = (name: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/webmail', name), 'utf8');
export const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn';
export const OUTLOOK_URL = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1hYjQ2';
