import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ContextSummary, PageContext } from '../../shared/page-context';
import type { NoteHistoryEntry } from '../../shared/protocol';
import type { SignatureFields } from '../../shared/signature';
import type { Session, SyncStatus } from './db';
import type { SearchRequest, SearchResults } from '../background/search-index';
import type { SignInInput } from '../background/sign-in';
import type { TeamAdminRequest } from '../background/team-admin';
import type { ThreadGroup } from './email-context';

/**
 * Kept free of runtime imports beyond the messaging library: content scripts import this module.
 *
 * The one protocol between the extension's contexts. The background owns the token and the
 * network; pages and content scripts ask it. Who may send each message is declared below in
 * `MESSAGE_SENDERS` and enforced in one place (background/router.ts). The `page*` messages go the
 * other way: from the side panel to the content script of one tab, and are answered in the page.
 */
export interface ProtocolMap {
  signIn(input: SignInInput): Session;
  signOut(): void;
  syncNow(): SyncStatus;
  localChange(): void;
  lookupContext(context: PageContext): ContextSummary;
  /** Side panel → background: the open email's people by customer, from the background's index (the panel's first paint). */
  emailContext(context: PageContext): ThreadGroup[];
  /**
   * From the chip: open the side panel on this tab, on this person. When the browser would not open
   * it (Firefox's sidebar wants a user action of Margin's own), `hint` says, in the rep's language,
   * how the rep opens it; the chip shows it.
   */
  openSidePanel(target: { email?: string } | undefined): { opened: boolean; hint?: { text: string; close: string } };
  /** Side panel → background: who is signed in (the panel's first paint, before its own database is open). */
  panelSession(): Session | null;
  noteHistory(noteId: string): NoteHistoryEntry[];
  /** Re-read the team's members now (an owner or assignee is being picked). */
  refreshMembers(): void;
  /** Options → Team: invites, roles, revocation, leaving, token rotation, export, deletion. */
  teamAdmin(request: TeamAdminRequest): unknown;
  /** Side panel → tab: parse the signature of `email`'s newest message in the page. */
  pageSignature(person: { email: string; name: string }): SignatureFields;
  /** Side panel → tab: the text of `email`'s newest message, when the rep ticks "include text". */
  pageMessageText(person: { email: string }): string | null;
  /** Side panel → tab: look the page up again (the team's data changed). */
  pageRefresh(): void;
  /** Side panel → tab: the text the rep selected on the page, with the page's address and title. */
  pageSelection(): { text: string; url: string; title: string };
  /** Side panel and popup → background: accounts, contacts and notes matching a query. */
  search(request: SearchRequest): SearchResults;
  /** Side panel → background: read this tab now (after a grant, or under activeTab). */
  readTab(target: { tabId: number }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

export type MessageType = keyof ProtocolMap;
/** The messages the background answers; the `page*` ones are answered by a tab's content script. */
export type BackgroundMessage = Exclude<MessageType, `page${string}`>;

/**
 * Who may send each message: `extension` only the extension's own pages (side panel, popup,
 * options) — everything that touches the token, the team or the rep's data; `content` also a
 * content script running in a web page, which gets only the lookups and the side panel.
 */
export type MessageSender = 'extension' | 'content';
export const MESSAGE_SENDERS = {
  signIn: 'extension',
  signOut: 'extension',
  syncNow: 'extension',
  localChange: 'extension',
  lookupContext: 'content',
  emailContext: 'extension',
  openSidePanel: 'content',
  panelSession: 'extension',
  noteHistory: 'extension',
  refreshMembers: 'extension',
  teamAdmin: 'extension',
  pageSignature: 'extension',
  pageMessageText: 'extension',
  pageRefresh: 'extension',
  pageSelection: 'extension',
  search: 'extension',
  readTab: 'extension',
} as const satisfies Record<MessageType, MessageSender>;

/** Whether `sender` may send `type`: a content script only what is declared `content`. */
export function senderAllowed(type: MessageType, sender: { url?: string }, extensionOrigin: string): boolean {
  const fromExtensionPage = sender.url?.startsWith(extensionOrigin) ?? false;
  return fromExtensionPage || MESSAGE_SENDERS[type] === 'content';
}
