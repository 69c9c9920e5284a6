import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { fieldError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { readChannelSettings } from './channel-settings.js';
import { audienceInput, loadAudience, type Recipient } from './load-audience.js';
import { getTemplate } from './list-templates.js';
import { addressFor } from './render-message.js';
import { getSendPolicy } from './send-policy.js';
import { templateChannels, type TemplateView } from './template-input.js';

export const sendInput = audienceInput.extend({
  channel: z.enum(templateChannels),
  templateId: z.uuid(),
  /** Values for the whole send, e.g. { holiday: '春节' }. */
  params: z.record(z.string().max(64), z.string().max(200)).default({}),
  /** Send at this time (ISO 8601 with offset); now when left out. */
  at: z.iso.datetime({ offset: true }).optional(),
  /** Shown in the delivery log; defaults to the template's name and the date. */
  name: z.string().trim().max(100).optional(),
});
export type SendInput = z.input<typeof sendInput>;

export const exclusionReasons = ['not_found', 'no_address', 'opted_out', 'capped'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export type SendPlan = {
  input: z.output<typeof sendInput>;
  template: TemplateView;
  /** Customers who get a message, with their address on the channel. */
  sendable: { recipient: Recipient; address: string }[];
  /** Sendable now, but send-time policy will stop them (they are queued and marked, so the log shows why). */
  blocked: Map<string, 'opted_out' | 'capped'>;
  noAddress: Recipient[];
  notFound: string[];
};

/** Opted out of the channel, or already at the marketing cap, as things stand now. */
async function policyBlocks(db: Executor, template: TemplateView, ids: string[]): Promise<Map<string, 'opted_out' | 'capped'>> {
  const blocked = new Map<string, 'opted_out' | 'capped'>();
  if (ids.length === 0) return blocked;
  const optedOut = (await db.execute(sql`SELECT customer_id AS id FROM message_opt_outs WHERE channel = ${template.channel} AND customer_id = ANY(${sql.param(ids)}::uuid[])`)) as unknown as { rows: { id: string }[] };
  for (const row of optedOut.rows) blocked.set(row.id, 'opted_out');
  const cap = (await getSendPolicy(db)).frequencyCap;
  if (template.category === 'marketing' && cap) {
    const atCap = (await db.execute(sql`SELECT customer_id AS id FROM messages
      WHERE customer_id = ANY(${sql.param(ids)}::uuid[]) AND category = 'marketing' AND status IN ('sent', 'delivered', 'sending')
        AND sent_at > now() - ${cap.days} * interval '1 day'
      GROUP BY customer_id HAVING count(*) >= ${cap.limit}`)) as unknown as { rows: { id: string }[] };
    for (const row of atCap.rows) if (!blocked.has(row.id)) blocked.set(row.id, 'capped');
  }
  return blocked;
}

/** Who a hand send reaches and who it leaves out, and why: shared by the preview and the send. */
export async function planSend(db: Executor, actor: Actor, input: SendInput): Promise<SendPlan> {
  const data = parseInput(sendInput, input);
  const template = await getTemplate(db, data.templateId);
  if (template.channel !== data.channel) {
    throw fieldError('templateId', 'wrong_channel', { 'zh-CN': `模板“${template.name}”用于${template.channel}，不能用于${data.channel}`, 'en-US': `template "${template.name}" is for ${template.channel}, not ${data.channel}` });
  }
  if (template.fields.includes('holiday') && !data.params.holiday) {
    throw fieldError('params.holiday', 'required', { 'zh-CN': '模板使用了 {{holiday}}，请填写节日名称', 'en-US': 'the template uses {{holiday}}: give the holiday name' });
  }
  if (!(await readChannelSettings(db, data.channel))) {
    throw fieldError('channel', 'not_configured', { 'zh-CN': `尚未配置${data.channel}渠道（设置 → 消息渠道）`, 'en-US': `the ${data.channel} channel is not configured yet (settings → messaging channels)` });
  }
  const { recipients, notFound } = await loadAudience(db, actor, data);
  const sendable: SendPlan['sendable'] = [];
  const noAddress: Recipient[] = [];
  for (const recipient of recipients) {
    const address = addressFor(data.channel, recipient);
    if (address) sendable.push({ recipient, address });
    else noAddress.push(recipient);
  }
  const blocked = await policyBlocks(db, template, sendable.map((item) => item.recipient.id));
  return { input: data, template, sendable, blocked, noAddress, notFound };
}
