import { and, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { fieldError } from '../../shared/errors.js';
import { customerAccess } from '../customers/access.js';
import { listCustomers, listCustomersFilter } from '../customers/list-customers.js';
import { customers, type Email, type Phone } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';
import { users } from '../users/schema.js';

/** The customer list's filter, without paging: "everyone matching this". */
export const audienceFilter = listCustomersFilter.omit({ sort: true, limit: true, cursor: true });

export const audienceInput = z.strictObject({
  customerIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  filter: audienceFilter.optional(),
});
export type Audience = z.input<typeof audienceInput>;

/** A hand send reaches at most this many customers; larger sends are campaigns. */
export const MAX_AUDIENCE = 50_000;

export type Recipient = {
  id: string;
  name: string;
  title: string | null;
  company: string | null;
  ownerName: string | null;
  emails: Email[];
  phones: Phone[];
  customFields: Record<string, unknown>;
};

async function idsMatching(db: Executor, actor: Actor, filter: z.output<typeof audienceFilter>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomers(db, actor, { ...filter, sort: 'created', limit: 500, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    if (ids.length > MAX_AUDIENCE) {
      throw fieldError('filter', 'too_many', { 'zh-CN': `匹配的客户超过 ${MAX_AUDIENCE} 位，请缩小筛选范围`, 'en-US': `More than ${MAX_AUDIENCE} customers match: narrow the filter` });
    }
  } while (cursor);
  return ids;
}

/**
 * The customers a hand send goes to, as the actor may see them: explicit ids or everyone
 * matching a customer-list filter, both through the customers module's access filter.
 * Ids the actor cannot see come back in `notFound`.
 */
export async function loadAudience(db: Executor, actor: Actor, audience: z.output<typeof audienceInput>): Promise<{ recipients: Recipient[]; notFound: string[] }> {
  if (Boolean(audience.customerIds) === Boolean(audience.filter)) {
    throw fieldError('customerIds', 'one_of', { 'zh-CN': '请给出客户 ID 列表或筛选条件（二选一）', 'en-US': 'give either customerIds or filter, not both or neither' });
  }
  const ids = audience.customerIds ? [...new Set(audience.customerIds)] : await idsMatching(db, actor, audience.filter!);
  const recipients: Recipient[] = [];
  for (let start = 0; start < ids.length; start += 1_000) {
    const chunk = ids.slice(start, start + 1_000);
    const rows = await db
      .select({ id: customers.id, name: customers.name, title: customers.title, company: customers.company, ownerId: customers.ownerId, emails: customers.emails, phones: customers.phones, customFields: customers.customFields })
      .from(customers)
      .where(and(inArray(customers.id, chunk), customerAccess(actor)));
    const ownerIds = [...new Set(rows.map((row) => row.ownerId).filter((id): id is string => id !== null))];
    const owners = ownerIds.length === 0 ? [] : await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ownerIds));
    const ownerNames = new Map(owners.map((owner) => [owner.id, owner.name]));
    for (const row of rows) recipients.push({ ...row, ownerName: row.ownerId ? (ownerNames.get(row.ownerId) ?? null) : null });
  }
  const found = new Set(recipients.map((recipient) => recipient.id));
  const order = new Map(ids.map((id, index) => [id, index]));
  recipients.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { recipients, notFound: ids.filter((id) => !found.has(id)) };
}
