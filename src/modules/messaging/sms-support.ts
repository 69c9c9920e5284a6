import type { Channel } from './channel.js';
import { createSmsChannel as createProviderChannel } from './sms/create-sms-channel.js';
import { parseSmsConfig } from './sms/sms-config.js';

/**
 * The seam between the outbox and the SMS provider adapters (sms/): how SMS settings are
 * validated (bilingual errors naming the field) and how the configured provider becomes a
 * Channel. The provider is chosen in settings: { provider: 'aliyun' | 'tencent' | 'twilio' | 'webhook', … }.
 */
export function parseSmsSettings(input: unknown): Record<string, unknown> {
  return parseSmsConfig(input) as Record<string, unknown>;
}

export function createSmsChannel(settings: Record<string, unknown>): Channel {
  return createProviderChannel(settings);
}
