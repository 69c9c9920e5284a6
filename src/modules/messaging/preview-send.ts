import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import type { Actor } from '../users/actor.js';
import { exclusionReasons, planSend, type ExclusionReason, type SendInput } from './plan-send.js';
import { emptyFields, renderMessage } from './render-message.js';

const SAMPLE_SIZE = 20;

export const sendPreviewView = z.object({
  /** Customers selected (explicit ids or filter matches). */
  selected: z.number().int(),
  /** How many will get the message. */
  willSend: z.number().int(),
  excluded: z.array(z.object({
    reason: z.enum(exclusionReasons),
    count: z.number().int(),
    customers: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  })),
  sample: z.object({
    customerId: z.string(),
    customerName: z.string(),
    to: z.string(),
    subject: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable(),
    emptyFields: z.array(z.string()),
  }).nullable(),
  scheduledAt: z.string().nullable(),
});
export type SendPreview = z.infer<typeof sendPreviewView>;

/**
 * What a hand send would do, changing nothing: the message rendered for the first customer
 * who will get it, how many will, and who is left out and why.
 */
export async function previewSend(db: Executor, actor: Actor, input: SendInput): Promise<SendPreview> {
  const plan = await planSend(db, actor, input);
  const groups: Record<ExclusionReason, { id: string; name: string | null }[]> = {
    not_found: plan.notFound.map((id) => ({ id, name: null })),
    no_address: plan.noAddress.map((recipient) => ({ id: recipient.id, name: recipient.name })),
    opted_out: [],
    capped: [],
  };
  for (const { recipient } of plan.sendable) {
    const reason = plan.blocked.get(recipient.id);
    if (reason) groups[reason].push({ id: recipient.id, name: recipient.name });
  }
  const first = plan.sendable.find(({ recipient }) => !plan.blocked.has(recipient.id));
  const rendered = first && renderMessage(plan.template, first.recipient, plan.input.params);
  return {
    selected: plan.notFound.length + plan.noAddress.length + plan.sendable.length,
    willSend: plan.sendable.length - plan.blocked.size,
    excluded: exclusionReasons.filter((reason) => groups[reason].length > 0).map((reason) => ({ reason, count: groups[reason].length, customers: groups[reason].slice(0, SAMPLE_SIZE) })),
    sample: first && rendered ? {
      customerId: first.recipient.id,
      customerName: first.recipient.name,
      to: first.address,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      emptyFields: emptyFields(plan.template, first.recipient, plan.input.params),
    } : null,
    scheduledAt: plan.input.at ? new Date(plan.input.at).toISOString() : null,
  };
}
