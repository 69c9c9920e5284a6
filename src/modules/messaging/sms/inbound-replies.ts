import { z } from 'zod';
import { parseInput } from '../../../shared/parse-input.js';
import { chinaTime, idText, type ParsedCallback, type Skipped, unixSeconds } from './callback-fields.js';
import { isOptOutReply } from './opt-out.js';
import { smsPhone } from './sms-phone.js';

/** A reply a customer sent to one of our SMS, as the outbox records it. */
export type InboundSms = { phone: string; text: string; receivedAt: Date; optOut: boolean; providerMessageId?: string };

/** What each provider expects back from a callback handler, or it pushes again. */
export const CALLBACK_ACK = {
  aliyun: { code: 0, msg: '接收成功' },
  tencent: { result: 0, errmsg: 'OK' },
  /** Twilio wants TwiML; an empty Response sends no auto-reply. */
  twilio: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  webhook: { ok: true },
} as const;

function collect<T>(rows: T[], toReply: (row: T) => Omit<InboundSms, 'optOut'> | string): ParsedCallback<InboundSms> {
  const items: InboundSms[] = [];
  const skipped: Skipped[] = [];
  rows.forEach((row, index) => {
    const reply = toReply(row);
    if (typeof reply === 'string') skipped.push({ index, reason: reply });
    else items.push({ ...reply, optOut: isOptOutReply(reply.text) });
  });
  return { items, skipped };
}

const aliyunSmsUp = z.array(
  z.looseObject({ phone_number: z.string(), content: z.string(), send_time: chinaTime, sequence_id: idText.optional() }),
);

/** Aliyun "SmsUp" HTTP batch push: a JSON array of replies. */
export function parseAliyunSmsUp(body: unknown): ParsedCallback<InboundSms> {
  return collect(parseInput(aliyunSmsUp, body), (row) => {
    const phone = smsPhone(row.phone_number);
    if (!phone) return `not a phone number: ${row.phone_number}`;
    return { phone, text: row.content, receivedAt: row.send_time, providerMessageId: row.sequence_id };
  });
}

const tencentReply = z.looseObject({ mobile: z.string(), nationcode: idText, text: z.string(), time: unixSeconds });

/** Tencent "SMS reply" callback: one JSON object per reply (an array is accepted too). */
export function parseTencentSmsReply(body: unknown): ParsedCallback<InboundSms> {
  const rows = parseInput(z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(tencentReply)), body);
  return collect(rows, (row) => {
    const phone = smsPhone(row.mobile, row.nationcode);
    if (!phone) return `not a phone number: +${row.nationcode} ${row.mobile}`;
    return { phone, text: row.text, receivedAt: row.time };
  });
}

const twilioInbound = z.looseObject({ From: z.string(), Body: z.string(), MessageSid: z.string().optional() });

/**
 * Twilio incoming-message webhook (form-encoded). Verify X-Twilio-Signature first
 * (verifyTwilioSignature); Twilio sends no timestamp, so the reply is dated on arrival.
 */
export function parseTwilioInbound(params: URLSearchParams | Record<string, string>, now = new Date()): ParsedCallback<InboundSms> {
  const form = parseInput(twilioInbound, params instanceof URLSearchParams ? Object.fromEntries(params) : params);
  return collect([form], (row) => {
    const phone = smsPhone(row.From);
    if (!phone) return `not a phone number: ${row.From}`;
    return { phone, text: row.Body, receivedAt: now, providerMessageId: row.MessageSid };
  });
}

const webhookInbound = z.array(
  z.looseObject({ from: z.string(), text: z.string(), receivedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)) }),
);

/** The generic gateway's replies: a signed JSON array of { from, text, receivedAt (ISO 8601) }. */
export function parseWebhookInbound(body: unknown): ParsedCallback<InboundSms> {
  return collect(parseInput(webhookInbound, body), (row) => {
    const phone = smsPhone(row.from);
    if (!phone) return `not a phone number: ${row.from}`;
    return { phone, text: row.text, receivedAt: row.receivedAt };
  });
}
