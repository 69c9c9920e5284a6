/**
 * The contract between the outbox worker and every delivery channel (e-mail, SMS providers,
 * webhook, in-app, group robots). A channel only delivers: policy (opt-outs, quiet hours,
 * frequency caps), retries and bookkeeping belong to the outbox.
 */

/** What a single delivery attempt produced. */
export type SendOutcome =
  | { status: 'sent'; providerMessageId?: string }
  /** Transient (timeouts, throttling, 5xx): the outbox backs off and tries again. */
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  /** Permanent (bad number, rejected template, 4xx): dead-lettered with the provider's reason. */
  | { status: 'failed'; reason: string };

/**
 * One message as a channel sees it. `id` and `idempotencyKey` are stable across retries and
 * across a worker crash, so a receiver can drop a repeat (e-mail Message-ID, webhook
 * Idempotency-Key header, provider out-id fields).
 */
export type OutgoingMessage = {
  id: string;
  idempotencyKey: string;
  /** E-mail address, E.164 phone number, webhook URL or staff user id, by channel kind. */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** Provider-side template (SMS providers that only send pre-approved templates). */
  templateCode?: string;
  templateParams?: Record<string, string>;
  headers?: Record<string, string>;
};

export type ChannelKind = 'email' | 'sms' | 'webhook' | 'in_app' | 'robot';

export type Channel = {
  kind: ChannelKind;
  /** Must not throw for provider errors: map them to 'retry' or 'failed'. */
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
};

export const channelKinds: readonly ChannelKind[] = ['email', 'sms', 'webhook', 'in_app', 'robot'];
