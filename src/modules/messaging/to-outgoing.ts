import type { OutgoingMessage } from './channel.js';
import type { ClaimedMessage } from './claim-messages.js';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe-token.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export type UnsubscribeContext = { key: string; publicUrl: string };

/**
 * The message as a channel sends it. E-mail to a customer gets its own unsubscribe link in
 * the body and in List-Unsubscribe (with one-click POST, RFC 8058), so mail clients show an
 * unsubscribe button and a click records the opt-out without signing in.
 */
export function toOutgoing(message: ClaimedMessage, unsubscribe?: UnsubscribeContext): OutgoingMessage {
  const outgoing: OutgoingMessage = {
    id: message.id,
    idempotencyKey: message.idempotencyKey,
    to: message.recipient,
    subject: message.subject ?? undefined,
    text: message.bodyText,
    html: message.bodyHtml ?? undefined,
    templateCode: message.templateCode ?? undefined,
    templateParams: message.templateParams ?? undefined,
    headers: message.headers ?? undefined,
  };
  if (message.channel !== 'email' || !message.customerId || !unsubscribe) return outgoing;
  const url = unsubscribeUrl(unsubscribe.publicUrl, unsubscribeToken(unsubscribe.key, message.id));
  return {
    ...outgoing,
    text: `${outgoing.text}\n\n退订 / Unsubscribe: ${url}`,
    html: outgoing.html === undefined ? undefined
      : `${outgoing.html}<p style="color:#888;font-size:12px"><a href="${escapeHtml(url)}">退订 / Unsubscribe</a></p>`,
    headers: { ...outgoing.headers, 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
