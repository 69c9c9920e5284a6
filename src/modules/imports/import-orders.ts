import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { textArray, uuidArray } from '../customers/access.js';
import { bulkInsertCustomers, unsafeFindCustomersByContact, type BulkCustomer } from '../customers/bulk-write-customers.js';
import { insertInteraction } from '../timeline/record-system-event.js';
import { plainTextToHtml } from '../timeline/sanitize-rich-text.js';
import { isManager, type Actor } from '../users/actor.js';
import type { ColumnMapping, MappedRow, OrderRecord, OrderTarget, SourceRow, SourceTable } from './contract.js';
import { getImportJob, type ImportJobView } from './get-import-job.js';
import { matchKeys } from './plan-customer-batch.js';
import { fromRowError, type ReportRow } from './row-report.js';
import { runImportJob, type BatchContext, type BatchOutcome, type BatchProcessor, type RunImportJobOptions } from './run-import-job.js';

export type MapOrderRow = (row: SourceRow) => MappedRow<OrderRecord>;

type Draft = { customerId: string; externalId: string; orderedAt: string; cents: bigint; cost: bigint | null; items: NonNullable<OrderRecord['item']>[]; description?: string; channel?: string; lines: number[] };

const toCents = (amount: string) => BigInt(amount.replace('.', ''));
const fromCents = (cents: bigint) => {
  const sign = cents < 0n ? '-' : '';
  const abs = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};

/**
 * The order import's batch step. Each row is linked to a customer by phone, e-mail or
 * customer external id (the same keys customer imports match on); rows sharing an order
 * number are the line items of one order (a batch never ends inside one), its amount the
 * exact sum. Orders are keyed by (customer, external id): an order that existed before the
 * job leaves its rows unchanged, so importing the same file again adds nothing; rows without
 * an order number get a key made of the file's hash and the line. A cancellation (an
 * invoice such as C536379 with negative quantities) becomes its own order with a negative
 * amount, as refunds are entered by hand. Optionally (createCustomers) an unknown customer
 * key creates a customer holding that key; otherwise the row is refused and reported.
 */
export function orderBatchProcessor(mapRow: MapOrderRow, mapping: ColumnMapping<OrderTarget>, fileSha256: string, createCustomers: boolean): BatchProcessor<MappedRow<OrderRecord>> {
  const orderColumn = mapping.find((entry) => entry.target === 'orderExternalId')?.column;
  return {
    prepareRow: mapRow,
    canSplit: (before, after) => orderColumn === undefined || (before.cells[orderColumn] ?? '').trim() !== (after.cells[orderColumn] ?? '').trim(),
    async write(tx, mapped, context) {
      return writeOrders(tx, mapped, context, fileSha256.slice(0, 12), createCustomers);
    },
  };
}

function customerKey(record: OrderRecord): string {
  if (record.customerExternalId) return matchKeys.external(record.customerExternalId);
  if (record.customerPhone) return matchKeys.phone(record.customerPhone);
  return matchKeys.email(record.customerEmail!);
}

async function writeOrders(tx: Executor, mapped: MappedRow<OrderRecord>[], context: BatchContext, fileKey: string, createCustomers: boolean): Promise<BatchOutcome> {
  const reports: ReportRow[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const valid: { line: number; record: OrderRecord }[] = [];
  for (const row of mapped) {
    if (row.record && row.errors.length === 0) valid.push({ line: row.line, record: row.record });
    else {
      counts.rejected++;
      reports.push(...row.errors.map(fromRowError));
    }
  }
  const keys = [...new Set(valid.map(({ record }) => customerKey(record)))];
  const matched = await unsafeFindCustomersByContact(
    tx, context.actor,
    keys.filter((key) => !key.startsWith('ext:')),
    keys.filter((key) => key.startsWith('ext:')).map((key) => key.slice(4)),
    context.startedAt,
  );
  const customerOf = new Map<string, { id: string; visible: boolean }>();
  for (const customer of matched) {
    for (const phone of customer.phones) customerOf.set(matchKeys.phone(phone.number), customer);
    for (const email of customer.emails) customerOf.set(matchKeys.email(email.address), customer);
    if (customer.externalId) customerOf.set(matchKeys.external(customer.externalId), customer);
  }
  if (createCustomers) await createMissingCustomers(tx, context.actor, keys.filter((key) => !customerOf.has(key)), customerOf);

  const drafts = new Map<string, Draft>();
  for (const { line, record } of valid) {
    const customer = customerOf.get(customerKey(record));
    const refuse = (code: string, zh: string, en: string) => {
      counts.rejected++;
      reports.push({ kind: 'rejected', line, code, message: { 'zh-CN': zh, 'en-US': en } });
    };
    if (!customer) {
      refuse('customer_not_found', '找不到该手机、邮箱或客户编号对应的客户', 'No customer has this phone, e-mail or customer id');
      continue;
    }
    if (!customer.visible) {
      refuse('not_accessible', '该客户不在您的权限范围内', 'The customer is outside your access');
      continue;
    }
    const externalId = record.orderExternalId ?? `import:${fileKey}:${line}`;
    const key = `${customer.id}\u0000${externalId}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { customerId: customer.id, externalId, orderedAt: record.orderedAt, cents: 0n, cost: null, items: [], description: record.description, channel: record.channel, lines: [] };
      drafts.set(key, draft);
    }
    draft.cents += toCents(record.amount);
    if (record.cost) draft.cost = (draft.cost ?? 0n) + toCents(record.cost);
    if (record.item) draft.items.push(record.item);
    if (record.orderedAt < draft.orderedAt) draft.orderedAt = record.orderedAt;
    draft.lines.push(line);
  }
  const all = [...drafts.values()];
  const existing = await existingOrders(tx, all, context.startedAt);
  const inserts: Draft[] = [];
  for (const draft of all) {
    const found = existing.get(`${draft.customerId}\u0000${draft.externalId}`);
    if (!found) {
      inserts.push(draft);
      counts.created += draft.lines.length;
    } else if (found.existedBefore) {
      counts.unchanged += draft.lines.length;
    } else {
      // The same order number again later in this file: more items of the order this job created.
      await tx.execute(sql`
        UPDATE orders SET amount = amount + ${fromCents(draft.cents)}::numeric, cost = CASE WHEN ${draft.cost === null} THEN cost ELSE coalesce(cost, 0) + ${fromCents(draft.cost ?? 0n)}::numeric END,
               items = items || ${JSON.stringify(draft.items)}::jsonb
         WHERE customer_id = ${draft.customerId}::uuid AND id = ${found.id}::uuid`);
      counts.updated += draft.lines.length;
    }
  }
  await insertOrders(tx, context.actor, inserts);
  return { counts, reports: reports.sort((a, b) => a.line - b.line), audit: { ordersCreated: inserts.length } };
}

async function existingOrders(tx: Executor, drafts: Draft[], since: Date): Promise<Map<string, { id: string; existedBefore: boolean }>> {
  const found = new Map<string, { id: string; existedBefore: boolean }>();
  if (drafts.length === 0) return found;
  const result = (await tx.execute(sql`
    SELECT o.id, o.customer_id, o.external_id, o.created_at < ${since.toISOString()}::timestamptz AS existed
      FROM unnest(${uuidArray(drafts.map((d) => d.customerId))}, ${textArray(drafts.map((d) => d.externalId))}) AS k(customer_id, external_id)
      JOIN orders o ON o.customer_id = k.customer_id AND o.external_id = k.external_id
       FOR UPDATE OF o`)) as unknown as { rows: { id: string; customer_id: string; external_id: string; existed: boolean }[] };
  for (const row of result.rows) found.set(`${row.customer_id}\u0000${row.external_id}`, { id: row.id, existedBefore: row.existed });
  return found;
}

async function insertOrders(tx: Executor, actor: Actor, drafts: Draft[]): Promise<void> {
  if (drafts.length === 0) return;
  const ids = drafts.map(() => newId());
  await tx.execute(sql`
    INSERT INTO orders (id, customer_id, ordered_at, amount, cost, description, items, channel, external_id, created_by)
    SELECT u.id::uuid, u.customer_id::uuid, u.ordered_at::timestamptz, u.amount::numeric, u.cost::numeric, u.description, u.items::jsonb, u.channel, u.external_id, ${actor.userId}::uuid
      FROM unnest(${textArray(ids)}, ${textArray(drafts.map((d) => d.customerId))}, ${textArray(drafts.map((d) => d.orderedAt))},
                  ${textArray(drafts.map((d) => fromCents(d.cents)))}, ${textArray(drafts.map((d) => (d.cost === null ? null : fromCents(d.cost))) as string[])},
                  ${textArray(drafts.map((d) => d.description ?? null) as string[])}, ${textArray(drafts.map((d) => JSON.stringify(d.items)))},
                  ${textArray(drafts.map((d) => d.channel ?? null) as string[])}, ${textArray(drafts.map((d) => d.externalId))})
           AS u(id, customer_id, ordered_at, amount, cost, description, items, channel, external_id)`);
  // The purchase on each customer's timeline, as addOrder records it.
  for (const [index, draft] of drafts.entries()) {
    const amount = fromCents(draft.cents);
    const body = draft.description ?? draft.items.map((item) => `${item.name} × ${item.quantity}`).join('\n');
    await insertInteraction(tx, actor, draft.customerId, {
      kind: 'purchase', channel: draft.channel, occurredAt: draft.orderedAt, subject: `CNY ${amount}`,
      bodyHtml: plainTextToHtml(body), bodyText: body, data: { orderId: ids[index], amount, currency: 'CNY' },
    });
  }
}

/** A customer for each unknown key, holding that key, so its orders can be linked (option createCustomers). */
async function createMissingCustomers(tx: Executor, actor: Actor, keys: string[], customerOf: Map<string, { id: string; visible: boolean }>): Promise<void> {
  const rows: BulkCustomer[] = keys.map((key) => {
    const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    return {
      id: newId(), name: kind === 'ext' ? `客户 ${value}` : value, gender: null, birthday: null, birthdayLunar: false,
      phones: kind === 'tel' ? [{ number: value }] : [], emails: kind === 'email' ? [{ address: value }] : [],
      wechat: null, qq: null, company: null, title: null, address: null, source: 'import', ownerId: isManager(actor) ? null : actor.userId,
      region: null, stage: 'current', intent: null, tags: [], importantDates: [], customFields: {}, externalId: kind === 'ext' ? value : null, groupIds: [],
    };
  });
  await bulkInsertCustomers(tx, actor, rows);
  rows.forEach((row, index) => customerOf.set(keys[index]!, { id: row.id, visible: true }));
}

/** Runs or resumes an order import job over a freshly opened source. */
export async function runOrderImport(
  db: Db,
  actor: Actor,
  jobId: string,
  source: SourceTable,
  mapRow: MapOrderRow,
  options: RunImportJobOptions = {},
): Promise<ImportJobView> {
  const job = await getImportJob(db, actor, jobId);
  const mapping = (job.options.mapping ?? []) as ColumnMapping<OrderTarget>;
  return runImportJob(db, actor, jobId, source, orderBatchProcessor(mapRow, mapping, job.fileSha256, job.options.createCustomers), options);
}
