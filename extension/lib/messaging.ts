import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ContextSummary, PageContext } from '../../shared/page-context';
import type { NoteHistoryEntry } from '../../shared/protocol';
import type { Session, SyncStatus } from './db';
import type { SignInInput } from './sign-in';


/**
 * Kept free of runtime imports beyond the messaging library: content scripts import this module.
 *
 * The one protocol between the extension's contexts. The background owns the token and the
 * network; pages and content scripts ask it. Content scripts may only send `lookupContext`
 * and `openSidePanel` (checked in the background).
 */
export interface ProtocolMap {
  signIn(input: SignInInput): Session;
  signOut(): void;
  syncNow(): SyncStatus;
  localChange(): void;
  lookupContext(context: PageContext): ContextSummary;
  openSidePanel(): void;
  noteHistory(noteId: string): NoteHistoryEntry[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** Messages a content script (running in a web page) is allowed to send. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<keyof ProtocolMap> = new Set(['lookupContext', 'openSidePanel']);
