import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { writeAudit } from '../audit/write-audit.js';
import { insertInteraction } from '../timeline/record-system-event.js';
import { plainTextToHtml } from '../timeline/sanitize-rich-text.js';
import type { Actor } from '../users/actor.js';
import { enqueueMessages, type NewMessage } from './enqueue-message.js';
import { getBatch, type BatchView } from './list-batches.js';
import { planSend, type SendInput } from './plan-send.js';
import { renderMessage } from './render-message.js';
import { messageBatches } from './schema.js';

const CHUNK = 500;

/**
 * Sends a template to customers by hand (now or at a time): one batch, one outbox message
 * and one timeline entry per customer with an address, all in one transaction. Customers
 * who opted out or reached the cap are queued too, so send-time policy marks them and the
 * delivery log shows why; those without an address are counted in the batch.
 */
export async function sendToCustomers(db: Executor, actor: Actor, input: SendInput): Promise<BatchView> {
  const plan = await planSend(db, actor, input);
  const { template } = plan;
  const batchId = newId();
  const notBefore = plan.input.at ? new Date(plan.input.at) : null;
  const name = plan.input.name || `${template.name} ${new Date().toISOString().slice(0, 10)}`;
  await db.transaction(async (tx) => {
    await tx.insert(messageBatches).values({
      id: batchId,
      name,
      channel: template.channel,
      templateId: template.id,
      category: template.category,
      scheduledAt: notBefore,
      audience: { customerIds: plan.input.customerIds ?? null, filter: plan.input.filter ?? null, params: plan.input.params },
      counts: { selected: plan.sendable.length + plan.noAddress.length + plan.notFound.length, no_address: plan.noAddress.length, not_found: plan.notFound.length },
      createdBy: actor.userId,
    });
    for (let start = 0; start < plan.sendable.length; start += CHUNK) {
      const chunk = plan.sendable.slice(start, start + CHUNK);
      const rendered = chunk.map(({ recipient }) => renderMessage(template, recipient, plan.input.params));
      const messages: NewMessage[] = chunk.map(({ recipient, address }, i) => ({
        idempotencyKey: `batch:${batchId}:${recipient.id}`,
        channel: template.channel,
        category: template.category,
        recipient: address,
        customerId: recipient.id,
        batchId,
        templateId: template.id,
        subject: rendered[i]!.subject,
        bodyText: rendered[i]!.text,
        bodyHtml: rendered[i]!.html,
        templateCode: template.providerTemplateCode,
        templateParams: template.providerTemplateCode ? rendered[i]!.templateParams : null,
        notBefore,
        createdBy: actor.userId,
      }));
      const enqueued = await enqueueMessages(tx, messages);
      const links: { id: string; interactionId: string }[] = [];
      for (const [i, { recipient }] of chunk.entries()) {
        const text = rendered[i]!.text;
        links.push({
          id: enqueued[i]!.id,
          interactionId: await insertInteraction(tx, actor, recipient.id, {
            kind: template.channel === 'webhook' ? 'system' : template.channel,
            channel: template.channel,
            occurredAt: notBefore ?? undefined,
            subject: rendered[i]!.subject ?? template.name,
            bodyHtml: plainTextToHtml(text),
            bodyText: text,
            data: { messageId: enqueued[i]!.id, batchId, status: 'queued', direction: 'outbound' },
          }),
        });
      }
      await tx.execute(sql`UPDATE messages m SET interaction_id = v.interaction_id
        FROM unnest(${sql.param(links.map((link) => link.id))}::uuid[], ${sql.param(links.map((link) => link.interactionId))}::uuid[]) AS v(id, interaction_id)
        WHERE m.id = v.id`);
    }
    await writeAudit(tx, actor, {
      action: 'message_batch.create',
      entity: 'message_batch',
      entityId: batchId,
      data: { templateId: template.id, channel: template.channel, queued: plan.sendable.length, at: notBefore?.toISOString() ?? null },
    });
  });
  return getBatch(db, actor, batchId);
}
