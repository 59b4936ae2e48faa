import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ContextSummary, PageContext } from '../../shared/page-context';
import type { NoteHistoryEntry } from '../../shared/protocol';
import type { SignatureFields } from '../../shared/signature';
import type { Session, SyncStatus } from './db';
import type { SearchRequest, SearchResults } from '../background/search-index';
import type { SignInInput } from '../background/sign-in';
import type { TeamAdminRequest } from '../background/team-admin';

/**
 * Kept free of runtime imports beyond the messaging library: content scripts import this module.
 *
 * The one protocol between the extension's contexts. The background owns the token and the
 * network; pages and content scripts ask it. Content scripts may only send `lookupContext`
 * and `openSidePanel` (checked in the background). The `page*` messages go the other way: from
 * the side panel to the content script of one tab, and are answered in the page.
 */
export interface ProtocolMap {
  signIn(input: SignInInput): Session;
  signOut(): void;
  syncNow(): SyncStatus;
  localChange(): void;
  lookupContext(context: PageContext): ContextSummary;
  /** From the chip: open the side panel on this tab, on this person. */
  openSidePanel(target: { email?: string } | undefined): void;
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

/** Messages a content script (running in a web page) is allowed to send. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<keyof ProtocolMap> = new Set(['lookupContext', 'openSidePanel']);
