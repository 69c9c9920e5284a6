import type { Channel, OutgoingMessage, SendOutcome } from '../channel.js';
import { smsPhone } from './sms-phone.js';

export type AdapterOptions = { now?: () => Date };

/** The recipient as E.164 and, for template-only providers, the template code. */
export type SmsTarget = { phone: string; templateCode: string };
type Deliver = (message: OutgoingMessage, target: SmsTarget, signal?: AbortSignal) => Promise<SendOutcome>;

/**
 * The checks every SMS adapter makes before it talks to its provider. A number no provider
 * can reach, or a template-only provider without a template, will not improve on a later
 * attempt: 'failed' at once, no request sent. An adapter bug must not escape as an
 * exception either (the Channel contract): it becomes a 'retry' naming the error.
 */
export function smsChannel(provider: string, requiresTemplate: boolean, deliver: Deliver): Channel {
  return {
    kind: 'sms',
    async send(message, signal) {
      const phone = smsPhone(message.to);
      if (!phone) return { status: 'failed', reason: `${provider}: not a mobile number: ${message.to}` };
      const templateCode = message.templateCode?.trim() ?? '';
      if (requiresTemplate && !templateCode) {
        return { status: 'failed', reason: `${provider}: the message has no provider template code (templateCode)` };
      }
      try {
        return await deliver(message, { phone, templateCode }, signal);
      } catch (error) {
        return { status: 'retry', reason: `${provider}: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
