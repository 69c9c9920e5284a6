import nodemailer from 'nodemailer';
import type { Channel, OutgoingMessage, SendOutcome } from './channel.js';
import type { EmailSettings } from './channel-settings.js';

type SmtpError = Error & { responseCode?: number; code?: string; response?: string };

/** The domain of the From address, for Message-IDs that are ours. */
function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'weixi.local';
}

/** The stable Message-ID of an outbox message: the same on every retry, so a receiver drops a repeat. */
export function messageIdHeader(messageId: string, from: string): string {
  return `<${messageId}@${senderDomain(from)}>`;
}

/**
 * SMTP replies 5xx are permanent (no such mailbox, refused): dead letter with the server's
 * words. 4xx, timeouts and dropped connections are transient: the outbox retries.
 */
function outcomeOfError(error: SmtpError): SendOutcome {
  const reason = error.response ?? error.message;
  if (error.responseCode && error.responseCode >= 500) return { status: 'failed', reason };
  if (error.code === 'EENVELOPE' && !error.responseCode) return { status: 'failed', reason };
  return { status: 'retry', reason };
}

export type EmailChannel = Channel & { close(): void };

/** E-mail over SMTP through a pool of connections. */
export function createEmailChannel(settings: EmailSettings): EmailChannel {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
    pool: true,
    maxConnections: settings.maxConnections,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'email',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: message.html,
          messageId: messageIdHeader(message.id, settings.from),
          headers: { ...message.headers, 'X-Weixi-Message-Id': message.id },
        });
        if (info.rejected.length > 0) return { status: 'failed', reason: `rejected: ${info.rejected.join(', ')} ${info.response}` };
        return { status: 'sent', providerMessageId: info.messageId };
      } catch (error) {
        return outcomeOfError(error as SmtpError);
      }
    },
    close() {
      transport.close();
    },
  };
}
