import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { exactTimestamp, pageOf } from '../../shared/cursor.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { users } from '../users/schema.js';
import { listTimelineFilter, type ListTimelineFilter } from './interaction-input.js';
import { toInteraction, type Interaction } from './interaction-view.js';
import { interactions } from './schema.js';
import { customerRecordsWhere } from './visible-customer.js';

const TIMELINE_COLUMNS = { customerId: interactions.customerId, time: interactions.occurredAt, id: interactions.id };

export type TimelinePage = { items: Interaction[]; nextCursor: string | null };

/** Interactions with their author's name and exact sort key, newest first. */
async function queryInteractions(db: Executor, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: interactions.id,
      customerId: interactions.customerId,
      kind: interactions.kind,
      channel: interactions.channel,
      occurredAt: interactions.occurredAt,
      authorId: interactions.authorId,
      authorName: users.displayName,
      subject: interactions.subject,
      bodyHtml: interactions.bodyHtml,
      bodyText: interactions.bodyText,
      data: interactions.data,
      createdAt: interactions.createdAt,
      sortKey: exactTimestamp(interactions.occurredAt),
    })
    .from(interactions)
    .leftJoin(users, eq(users.id, interactions.authorId))
    .where(where)
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(limit);
}

/** One customer's timeline across all channels, newest first, keyset-paginated. */
export async function listTimeline(db: Executor, actor: Actor, customerId: string, input: ListTimelineFilter = {}): Promise<TimelinePage> {
  const filter = parseInput(listTimelineFilter, input);
  const kinds = filter.kinds?.length ? [inArray(interactions.kind, filter.kinds)] : [];
  const where = await customerRecordsWhere(db, actor, customerId, TIMELINE_COLUMNS, filter.cursor, ...kinds);
  const rows = await queryInteractions(db, where, filter.limit + 1);
  const { page, nextCursor } = pageOf(rows, filter.limit);
  return { items: page.map(toInteraction), nextCursor };
}

export async function getInteraction(db: Executor, customerId: string, id: string): Promise<Interaction> {
  const [row] = await queryInteractions(db, and(eq(interactions.customerId, customerId), eq(interactions.id, id)), 1);
  if (!row) throw new Error(`interaction ${id} vanished inside its own transaction`);
  return toInteraction(row);
}
