import { z } from 'zod';
import { interactionKinds, type interactions } from './schema.js';

/** One entry of a customer's timeline as the API returns it. */
export const interactionView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: z.enum(interactionKinds),
  channel: z.string().nullable(),
  occurredAt: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  subject: z.string().nullable(),
  bodyHtml: z.string().describe('Sanitised HTML, safe to render as it is'),
  bodyText: z.string().describe('Plain text of bodyHtml, for previews'),
  /** Links from system events to their source, e.g. { orderId } on a purchase. */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type Interaction = z.infer<typeof interactionView>;

export type InteractionRow = typeof interactions.$inferSelect & { authorName: string | null };

export function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    customerId: row.customerId,
    kind: row.kind,
    channel: row.channel,
    occurredAt: row.occurredAt.toISOString(),
    authorId: row.authorId,
    authorName: row.authorName,
    subject: row.subject,
    bodyHtml: row.bodyHtml,
    bodyText: row.bodyText,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}
