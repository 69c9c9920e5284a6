import { z } from 'zod';
import { parseInput } from '../../../shared/parse-input.js';
import { chinaTime, idText, type ParsedCallback } from './callback-fields.js';

/**
 * A provider's word on what happened after it accepted a message. `messageId` is our id
 * where the provider echoes it (Aliyun OutId); otherwise match `providerMessageId` to the id
 * the send outcome returned (BizId, SerialNo, Twilio SID).
 */
export type DeliveryReport = {
  providerMessageId?: string;
  messageId?: string;
  status: 'delivered' | 'undelivered' | 'sent';
  reason?: string;
  at: Date;
};

const aliyunSmsReport = z.array(
  z.looseObject({
    biz_id: idText.optional(),
    out_id: idText.optional(),
    success: z.boolean(),
    err_code: z.string().optional(),
    err_msg: z.string().optional(),
    report_time: chinaTime,
  }),
);

/** Aliyun "SmsReport" HTTP batch push. */
export function parseAliyunSmsReport(body: unknown): ParsedCallback<DeliveryReport> {
  const items = parseInput(aliyunSmsReport, body).map(
    (row): DeliveryReport => ({
      providerMessageId: row.biz_id,
      messageId: row.out_id || undefined,
      status: row.success ? 'delivered' : 'undelivered',
      reason: row.success ? undefined : [row.err_code, row.err_msg].filter(Boolean).join(' '),
      at: row.report_time,
    }),
  );
  return { items, skipped: [] };
}

const tencentStatus = z.array(
  z.looseObject({
    sid: idText,
    report_status: z.enum(['SUCCESS', 'FAIL']),
    errmsg: z.string().optional(),
    description: z.string().optional(),
    user_receive_time: chinaTime,
  }),
);

/** Tencent "SMS sending status notification" callback: a JSON array. */
export function parseTencentStatusReport(body: unknown): ParsedCallback<DeliveryReport> {
  const items = parseInput(tencentStatus, body).map(
    (row): DeliveryReport => ({
      providerMessageId: row.sid,
      status: row.report_status === 'SUCCESS' ? 'delivered' : 'undelivered',
      reason: row.report_status === 'SUCCESS' ? undefined : [row.errmsg, row.description].filter(Boolean).join(' '),
      at: row.user_receive_time,
    }),
  );
  return { items, skipped: [] };
}

const twilioStatus = z.looseObject({ MessageSid: z.string(), MessageStatus: z.string(), ErrorCode: z.string().optional() });
const TWILIO_FINAL: Record<string, DeliveryReport['status']> = { delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'undelivered', sent: 'sent' };

/**
 * Twilio status callback (form-encoded; verify X-Twilio-Signature first). Interim states
 * (queued, sending, accepted) are not reports: they come back in `skipped`.
 */
export function parseTwilioStatusCallback(params: URLSearchParams | Record<string, string>, now = new Date()): ParsedCallback<DeliveryReport> {
  const form = parseInput(twilioStatus, params instanceof URLSearchParams ? Object.fromEntries(params) : params);
  const status = TWILIO_FINAL[form.MessageStatus];
  if (!status) return { items: [], skipped: [{ index: 0, reason: `interim status ${form.MessageStatus}` }] };
  const reason = status === 'undelivered' ? `${form.MessageStatus}${form.ErrorCode ? ` (error ${form.ErrorCode})` : ''}` : undefined;
  return { items: [{ providerMessageId: form.MessageSid, status, reason, at: now }], skipped: [] };
}

const webhookStatus = z.array(
  z.looseObject({
    messageId: z.string().min(1),
    status: z.enum(['delivered', 'undelivered']),
    reason: z.string().max(500).optional(),
    at: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  }),
);

/** The generic gateway's delivery reports: a signed JSON array of { messageId (ours), status, reason?, at }. */
export function parseWebhookStatusReport(body: unknown): ParsedCallback<DeliveryReport> {
  const items = parseInput(webhookStatus, body).map((row): DeliveryReport => ({ messageId: row.messageId, status: row.status, reason: row.reason, at: row.at }));
  return { items, skipped: [] };
}
