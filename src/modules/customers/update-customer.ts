import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { customerGroups } from '../groups/schema.js';
import type { Actor } from '../users/actor.js';
import { customerAccess } from './access.js';
import { updateCustomerInput, type UpdateCustomerInput } from './customer-input.js';
import type { CustomerView } from './customer-view.js';
import { customerEntity, getCustomer } from './get-customer.js';
import { contactKeys, prepareCustomerWrite } from './prepare-customer-write.js';
import { customers, customerStageChanges } from './schema.js';
import { buildSearchFields, searchKeys } from './search-fields.js';

const NULLABLE_TEXT = ['company', 'title', 'address', 'source', 'region', 'wechat', 'qq', 'intent'] as const;

/** Applies a partial update; fields left out stay as they are, null clears a field. */
export async function updateCustomer(db: Executor, actor: Actor, id: string, input: UpdateCustomerInput): Promise<CustomerView> {
  const data = parseInput(updateCustomerInput, input);
  return db.transaction(async (tx) => {
    // FOR UPDATE: two concurrent edits serialise instead of one silently undoing the other.
    const [current] = await tx.select().from(customers).where(and(eq(customers.id, id), customerAccess(actor))).for('update');
    if (!current) throw new NotFoundError(customerEntity, id);
    if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) {
      throw new ConflictError('version_conflict', {
        'zh-CN': '该客户已被他人修改，请刷新后重试',
        'en-US': 'Someone else changed this customer; reload and try again',
      }, { expectedVersion: data.expectedVersion, currentVersion: current.version });
    }
    const prepared = await prepareCustomerWrite(tx, data, current.customFields, 'update');
    const next = { ...current };
    if (data.name !== undefined) next.name = data.name;
    if (data.gender !== undefined) next.gender = data.gender;
    if (data.birthday !== undefined) next.birthday = data.birthday;
    if (data.birthdayLunar !== undefined) next.birthdayLunar = data.birthdayLunar;
    if (!next.birthday) next.birthdayLunar = false;
    for (const key of NULLABLE_TEXT) if (data[key] !== undefined) next[key] = data[key] || null;
    if (data.ownerId !== undefined) next.ownerId = data.ownerId;
    if (data.stage !== undefined) next.stage = data.stage;
    if (data.importantDates !== undefined) next.importantDates = data.importantDates;
    if (prepared.phones) next.phones = prepared.phones;
    if (prepared.emails) next.emails = prepared.emails;
    if (prepared.tags) next.tags = prepared.tags;
    if (prepared.customFields) next.customFields = prepared.customFields;
    const search = buildSearchFields(next);
    const groupIds =
      data.groupIds !== undefined
        ? [...new Set(data.groupIds)]
        : (await tx.select({ groupId: customerGroups.groupId }).from(customerGroups).where(eq(customerGroups.customerId, id))).map((row) => row.groupId);
    const changed = Object.keys(data).filter((key) => key !== 'expectedVersion' && key !== 'stageReason');

    await tx
      .update(customers)
      .set({
        ...next,
        id: current.id,
        nameSort: search.nameSort,
        searchText: search.searchText,
        searchKeys: searchKeys(search.grams, { ...next, groupIds }),
        contactKeys: contactKeys(next),
        updatedAt: sql`now()`,
        version: current.version + 1,
      })
      .where(eq(customers.id, id));
    if (data.groupIds !== undefined) {
      await tx.delete(customerGroups).where(eq(customerGroups.customerId, id));
      if (groupIds.length > 0) await tx.insert(customerGroups).values(groupIds.map((groupId) => ({ customerId: id, groupId })));
    }
    if (next.stage !== current.stage) {
      await tx.insert(customerStageChanges).values({ customerId: id, fromStage: current.stage, toStage: next.stage, reason: data.stageReason ?? null, userId: actor.userId });
    }
    await writeAudit(tx, actor, { action: 'customer.update', entity: 'customer', entityId: id, customerId: id, data: { fields: changed } });
    return getCustomer(tx, actor, id);
  });
}
