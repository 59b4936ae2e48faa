import { describe, expect, it } from 'vitest';
import { MESSAGE_SENDERS, senderAllowed, type MessageType } from '../../extension/lib/messaging';

const origin = 'chrome-extension://abcdefghijklmnop/';
const page = { url: `${origin}sidepanel.html` };
const contentScript = { url: 'https://mail.google.com/mail/u/0/#inbox', tab: { id: 3 } };
const types = Object.keys(MESSAGE_SENDERS) as MessageType[];

describe('who may send each message', () => {
  it('a content script gets only the lookups and the side panel; the extension’s pages get everything', () => {
    expect(types.filter((type) => senderAllowed(type, contentScript, origin)).sort()).toEqual([
      'lookupContext',
      'openSidePanel',
    ]);
    expect(types.every((type) => senderAllowed(type, page, origin))).toBe(true);
  });

  it('a page that only looks like the extension (another extension, a URL containing the id) is a web page', () => {
    expect(senderAllowed('signIn', { url: 'https://evil.example/chrome-extension://abcdefghijklmnop/' }, origin)).toBe(
      false,
    );
    expect(senderAllowed('teamAdmin', { url: 'chrome-extension://otherextension/options.html' }, origin)).toBe(false);
    expect(senderAllowed('syncNow', {}, origin)).toBe(false);
  });
});
