import { fieldError } from '../../shared/errors.js';
import type { SmsChannelFactory } from './load-channels.js';

/**
 * The seam between the outbox and the SMS provider adapters (sms/): how SMS settings are
 * validated and how the configured provider becomes a Channel.
 */
export function parseSmsSettings(_input: unknown): Record<string, unknown> {
  throw fieldError('provider', 'unavailable', { 'zh-CN': '短信服务商适配器尚未提供', 'en-US': 'SMS provider adapters are not available yet' });
}

export const createSmsChannel: SmsChannelFactory | undefined = undefined;
