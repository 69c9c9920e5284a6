import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../../channel.js';

/** A holiday greeting with Chinese template parameters, as the outbox would hand it over. */
export function smsMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const id = randomUUID();
  return {
    id,
    idempotencyKey: `campaign-1:customer-${id}:sms:2026-spring`,
    to: '+8613800138000',
    text: '【维系科技】王小明，您好！祝您春节快乐，万事如意 & 100% 顺利。回T退订',
    templateCode: 'SMS_123456789',
    templateParams: { name: '王小明', holiday: '春节 & 元宵 (100%)' },
    ...overrides,
  };
}
