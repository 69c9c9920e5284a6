import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { systemActor, type Actor } from '../users/actor.js';
import { eventTime } from './interaction-input.js';
import { plainTextToHtml } from './sanitize-rich-text.js';
import { interactionKinds, interactions, type InteractionKind } from './schema.js';
import { requireVisibleCustomer } from './visible-customer.js';

type NewInteraction = {
  kind: InteractionKind;
  channel?: string | null;
  occurredAt?: string | Date;
  subject?: string | null;
  bodyHtml: string;
  bodyText: string;
  data?: Record<string, unknown>;
};

/**
 * Writes one timeline row for a customer the caller has already checked. The system actor
 * is nobody in the users table, so its entries have no author.
 */
export async function insertInteraction(tx: Executor, actor: Actor, customerId: string, entry: NewInteraction): Promise<string> {
  const id = newId();
  await tx.insert(interactions).values({
    id,
    customerId,
    kind: entry.kind,
    channel: entry.channel || null,
    occurredAt: entry.occurredAt ? new Date(entry.occurredAt) : sql`now()`,
    authorId: actor.userId === systemActor.userId ? null : actor.userId,
    subject: entry.subject || null,
    bodyHtml: entry.bodyHtml,
    bodyText: entry.bodyText,
    data: entry.data ?? {},
  });
  return id;
}

export const systemEventInput = z.strictObject({
  kind: z.enum(interactionKinds),
  channel: z.string().trim().max(32).nullable().optional(),
  occurredAt: z.union([eventTime, z.date()]).optional(),
  subject: z.string().trim().max(200).nullable().optional(),
  bodyText: z.string().max(100_000).default(''),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type SystemEvent = z.input<typeof systemEventInput>;

/**
 * For other modules: puts what the system did (a purchase, an import, a stage move…) on
 * the customer's timeline inside the caller's transaction, so the event exists exactly
 * when the change does. Returns the new interaction's id.
 */
export async function recordSystemEvent(tx: Executor, actor: Actor, customerId: string, event: SystemEvent): Promise<string> {
  const data = parseInput(systemEventInput, event);
  await requireVisibleCustomer(tx, actor, customerId, { lock: true });
  return insertInteraction(tx, actor, customerId, { ...data, bodyHtml: plainTextToHtml(data.bodyText), bodyText: data.bodyText.trim() });
}

/**
 * Removes the system events linked to something that no longer exists (e.g. the purchase
 * entry of a deleted order): entries of `kind` whose data contains `link`.
 */
export async function deleteSystemEvents(tx: Executor, customerId: string, kind: InteractionKind, link: Record<string, string>): Promise<number> {
  const deleted = await tx
    .delete(interactions)
    .where(and(eq(interactions.customerId, customerId), eq(interactions.kind, kind), sql`${interactions.data} @> ${JSON.stringify(link)}::jsonb`))
    .returning({ id: interactions.id });
  return deleted.length;
}
