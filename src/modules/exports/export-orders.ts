import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { customerAccess } from '../customers/access.js';
import type { Phone } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';
import { displayPhone } from './export-customers.js';
import { openTableWriter, tableFormats, type TableFormat } from './table-writer.js';

export const exportOrdersFilter = z.strictObject({
  customerId: z.uuid().optional(),
  /** Orders at or after / before these times (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  channel: z.string().trim().max(32).optional(),
});
export type ExportOrdersFilter = z.input<typeof exportOrdersFilter>;
export { tableFormats as orderExportFormats };

/** Headers the order importer recognises, so an export imports back. */
const HEADER = ['订单号', '下单时间', '金额', '成本', '币种', '描述', '渠道', '客户编号', '客户', '手机', '邮箱', '明细'];
const PAGE = 5_000;

type Row = {
  id: string; external_id: string | null; ordered_at: string; amount: string; cost: string | null; currency: string; description: string | null;
  channel: string | null; items: { name: string; quantity: number; unitPrice: string }[]; customer_external_id: string | null; customer_name: string;
  phones: Phone[]; emails: { address: string }[]; sort_key: string;
};

/**
 * Writes the orders of the customers the actor may see (optionally one customer's, a time
 * range, a channel), newest first, as CSV or XLSX, in pages of 5,000 by keyset. Amounts
 * are SQL numeric text, exact. Returns the count.
 */
export async function exportOrders(db: Executor, actor: Actor, input: ExportOrdersFilter, format: TableFormat, out: Writable): Promise<number> {
  const filter = parseInput(exportOrdersFilter, input);
  const conditions: SQL[] = [customerAccess(actor)];
  if (filter.customerId) conditions.push(sql`o.customer_id = ${filter.customerId}::uuid`);
  if (filter.from) conditions.push(sql`o.ordered_at >= ${filter.from}::timestamptz`);
  if (filter.to) conditions.push(sql`o.ordered_at < ${filter.to}::timestamptz`);
  if (filter.channel) conditions.push(sql`o.channel = ${filter.channel}`);
  const table = await openTableWriter(format, out, HEADER, '订单 Orders');
  let after: { at: string; id: string } | undefined;
  let count = 0;
  for (;;) {
    const where = sql.join(after ? [...conditions, sql`(o.ordered_at, o.id) < (${after.at}::timestamptz, ${after.id}::uuid)`] : conditions, sql` AND `);
    const result = (await db.execute(sql`
      SELECT o.id, o.external_id, to_char(o.ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ordered_at, o.amount::text AS amount, o.cost::text AS cost,
             o.currency, o.description, o.channel, o.items, customers.external_id AS customer_external_id, customers.name AS customer_name,
             customers.phones, customers.emails, o.ordered_at::text AS sort_key
        FROM orders o JOIN customers ON customers.id = o.customer_id
       WHERE ${where}
       ORDER BY o.ordered_at DESC, o.id DESC LIMIT ${PAGE}`)) as unknown as { rows: Row[] };
    for (const row of result.rows) {
      await table.row([
        row.external_id, row.ordered_at, row.amount, row.cost, row.currency, row.description, row.channel, row.customer_external_id, row.customer_name,
        row.phones.map(displayPhone).join('; '), row.emails.map((email) => email.address).join('; '),
        row.items.map((item) => `${item.name} × ${item.quantity} @ ${item.unitPrice}`).join('; '),
      ]);
    }
    count += result.rows.length;
    if (result.rows.length < PAGE) break;
    const last = result.rows.at(-1)!;
    after = { at: last.sort_key, id: last.id };
  }
  await table.end();
  await writeAudit(db, actor, { action: 'orders.export', entity: 'orders', data: { format, count, filter } });
  return count;
}
