import type { Channel } from '../channel.js';
import { createAliyunSmsChannel } from './aliyun-sms.js';
import type { AdapterOptions } from './sms-channel.js';
import { parseSmsConfig } from './sms-config.js';
import { createTencentSmsChannel } from './tencent-sms.js';
import { createTwilioSmsChannel } from './twilio-sms.js';
import { createWebhookSmsChannel } from './webhook-sms.js';

/**
 * The SMS channel for a stored provider configuration (messaging settings). Validates it
 * first: a bad configuration is a ValidationError naming the field, never a half-built channel.
 */
export function createSmsChannel(input: unknown, options: AdapterOptions = {}): Channel {
  const config = parseSmsConfig(input);
  switch (config.provider) {
    case 'aliyun':
      return createAliyunSmsChannel(config, options);
    case 'tencent':
      return createTencentSmsChannel(config, options);
    case 'twilio':
      return createTwilioSmsChannel(config);
    case 'webhook':
      return createWebhookSmsChannel(config, options);
  }
}
