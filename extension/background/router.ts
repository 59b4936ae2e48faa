import { onMessage, senderAllowed, type BackgroundMessage, type ProtocolMap } from '../lib/messaging';

/** What a handler knows of who sent the message. */
export interface MessageFrom {
  tab?: { id?: number; active?: boolean; url?: string; title?: string; windowId?: number };
  url?: string;
}

type Data<K extends BackgroundMessage> = Parameters<ProtocolMap[K]>[0];
type Reply<K extends BackgroundMessage> = ReturnType<ProtocolMap[K]>;
export type Handler<K extends BackgroundMessage> = (data: Data<K>, from: MessageFrom) => Reply<K> | Promise<Reply<K>>;
/** One handler per message the background answers; the type checker says when one is missing. */
export type Handlers = { [K in BackgroundMessage]: Handler<K> };

export class SenderRefused extends Error {
  constructor(type: string) {
    super(`${type} is not available to web pages`);
    this.name = 'SenderRefused';
  }
}

/**
 * The background's one message table: every message is checked against who may send it
 * (`MESSAGE_SENDERS` in lib/messaging.ts) here, before its handler runs, so no handler can forget.
 */
export function serveMessages(handlers: Handlers, extensionOrigin = browser.runtime.getURL('/')): void {
  for (const type of Object.keys(handlers) as BackgroundMessage[]) {
    const handler = handlers[type] as (data: unknown, from: MessageFrom) => unknown;
    onMessage(type, (message) => {
      if (!senderAllowed(type, message.sender, extensionOrigin)) throw new SenderRefused(type);
      return handler(message.data, message.sender as MessageFrom) as never;
    });
  }
}
