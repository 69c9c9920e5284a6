import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { insertInteraction } from '../timeline/record-system-event.js';
import { plainTextToHtml } from '../timeline/sanitize-rich-text.js';
import type { Actor } from '../users/actor.js';
import { customerAccess, uuidArray } from './access.js';
import { bulkUpdateCustomers, type BulkCustomer } from './bulk-write-customers.js';
import { customerEntity } from './get-customer.js';

export const mergeCustomersInput = z.strictObject({
  survivorId: z.uuid(),
  duplicateIds: z.array(z.uuid()).min(1).max(50),
});
export type MergeCustomersInput = z.input<typeof mergeCustomersInput>;
export type MergeCustomersResult = { survivorId: string; merged: string[]; moved: { orders: number; interactions: number; investments: number; groups: number } };

type Row = BulkCustomer & { version: number };

const SCALARS = ['gender', 'birthday', 'wechat', 'qq', 'company', 'title', 'address', 'source', 'ownerId', 'region', 'intent', 'externalId'] as const;

async function load(tx: Executor, actor: Actor, ids: string[]): Promise<Row[]> {
  const result = (await tx.execute(sql`
    SELECT id, name, gender, birthday::text AS birthday, birthday_lunar AS "birthdayLunar", phones, emails, wechat, qq, company, title, address, source,
           owner_id AS "ownerId", region, stage, intent, tags, important_dates AS "importantDates", custom_fields AS "customFields",
           external_id AS "externalId", version,
           ARRAY(SELECT group_id::text FROM customer_groups g WHERE g.customer_id = customers.id ORDER BY group_id) AS "groupIds"
      FROM customers WHERE id = ANY(${uuidArray(ids)}) AND ${customerAccess(actor)} ORDER BY id FOR UPDATE`)) as unknown as { rows: Row[] };
  return result.rows;
}

/**
 * Merges duplicates already in the database into the survivor the user picked: the
 * survivor keeps its values and takes the duplicates' values for fields it lacks; phones,
 * e-mails, tags, groups and important dates are united; orders, investments, the timeline
 * and stage history move to the survivor; the duplicates are deleted. One transaction, one
 * audit row, one timeline entry on the survivor. Everyone involved must be within the
 * actor's access.
 */
export async function mergeCustomers(db: Executor, actor: Actor, input: MergeCustomersInput): Promise<MergeCustomersResult> {
  const data = parseInput(mergeCustomersInput, input);
  const duplicateIds = [...new Set(data.duplicateIds)];
  if (duplicateIds.includes(data.survivorId)) {
    throw new ValidationError([{ path: 'duplicateIds', code: 'includes_survivor', message: { 'zh-CN': '不能包含保留的客户', 'en-US': 'must not include the survivor' } }]);
  }
  return db.transaction(async (tx) => {
    const rows = await load(tx, actor, [data.survivorId, ...duplicateIds]);
    const survivor = rows.find((row) => row.id === data.survivorId);
    if (!survivor) throw new NotFoundError(customerEntity, data.survivorId);
    const found = duplicateIds.map((id) => {
      const row = rows.find((candidate) => candidate.id === id);
      if (!row) throw new NotFoundError(customerEntity, id);
      return row;
    });
    const merged: BulkCustomer = { ...survivor };
    const addedGroupIds: string[] = [];
    for (const duplicate of found) {
      for (const field of SCALARS) if ((merged[field] === null || merged[field] === '') && duplicate[field] !== null) (merged as Record<string, unknown>)[field] = duplicate[field];
      if (!survivor.birthday && duplicate.birthday) merged.birthdayLunar = duplicate.birthdayLunar;
      for (const phone of duplicate.phones) if (!merged.phones.some((p) => p.number === phone.number && p.ext === phone.ext)) merged.phones = [...merged.phones, phone];
      for (const email of duplicate.emails) if (!merged.emails.some((e) => e.address === email.address)) merged.emails = [...merged.emails, email];
      merged.tags = [...new Set([...merged.tags, ...duplicate.tags])];
      for (const date of duplicate.importantDates) if (!merged.importantDates.some((d) => JSON.stringify(d) === JSON.stringify(date))) merged.importantDates = [...merged.importantDates, date];
      merged.customFields = { ...duplicate.customFields, ...merged.customFields };
      for (const groupId of duplicate.groupIds) if (!merged.groupIds.includes(groupId)) {
        merged.groupIds = [...merged.groupIds, groupId];
        addedGroupIds.push(groupId);
      }
    }
    const ids = uuidArray(duplicateIds);
    const count = async (query: ReturnType<typeof sql>) => ((await tx.execute(query)) as unknown as { rows: unknown[] }).rows.length;
    // The same external order on both is one order: the survivor's copy stays.
    await tx.execute(sql`DELETE FROM orders d WHERE d.customer_id = ANY(${ids}) AND d.external_id IN (SELECT external_id FROM orders WHERE customer_id = ${survivor.id}::uuid AND external_id IS NOT NULL)`);
    const moved = {
      orders: await count(sql`UPDATE orders SET customer_id = ${survivor.id}::uuid WHERE customer_id = ANY(${ids}) RETURNING id`),
      interactions: await count(sql`UPDATE interactions SET customer_id = ${survivor.id}::uuid WHERE customer_id = ANY(${ids}) RETURNING id`),
      investments: await count(sql`UPDATE investments SET customer_id = ${survivor.id}::uuid WHERE customer_id = ANY(${ids}) RETURNING id`),
      groups: addedGroupIds.length,
    };
    await tx.execute(sql`UPDATE customer_stage_changes SET customer_id = ${survivor.id}::uuid WHERE customer_id = ANY(${ids})`);
    // Deleted before the survivor is rewritten: its external id may be one of theirs (unique).
    await tx.execute(sql`DELETE FROM customers WHERE id = ANY(${ids})`);
    await bulkUpdateCustomers(tx, actor, [{ ...merged, previousStage: survivor.stage, addedGroupIds }]);
    const names = found.map((row) => row.name).join('、');
    const text = `合并了重复客户：${names} / Merged duplicates: ${names}`;
    await insertInteraction(tx, actor, survivor.id, { kind: 'system', subject: '合并客户 / Customers merged', bodyHtml: plainTextToHtml(text), bodyText: text, data: { mergedIds: duplicateIds } });
    await writeAudit(tx, actor, { action: 'customer.merge', entity: 'customer', entityId: survivor.id, customerId: survivor.id, data: { mergedIds: duplicateIds, mergedNames: found.map((row) => row.name), moved } });
    return { survivorId: survivor.id, merged: duplicateIds, moved };
  });
}
