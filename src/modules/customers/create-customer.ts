import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { customerGroups } from '../groups/schema.js';
import type { Actor } from '../users/actor.js';
import { createCustomerInput, type CreateCustomerInput } from './customer-input.js';
import type { CustomerView } from './customer-view.js';
import { getCustomer } from './get-customer.js';
import { contactKeys, prepareCustomerWrite } from './prepare-customer-write.js';
import { customers, customerStageChanges } from './schema.js';
import { buildSearchFields, searchKeys } from './search-fields.js';

export async function createCustomer(db: Executor, actor: Actor, input: CreateCustomerInput): Promise<CustomerView> {
  const data = parseInput(createCustomerInput, input);
  const id = newId();
  return db.transaction(async (tx) => {
    const prepared = await prepareCustomerWrite(tx, data, {}, 'create');
    const phones = prepared.phones ?? [];
    const emails = prepared.emails ?? [];
    const wechat = data.wechat || null;
    const qq = data.qq || null;
    const stage = data.stage ?? 'potential';
    const search = buildSearchFields({ name: data.name, company: data.company, phones, emails, wechat, qq });
    // Staff own what they create unless they hand it to someone; otherwise nobody would see it.
    const ownerId = data.ownerId === undefined ? (actor.role === 'staff' ? actor.userId : null) : data.ownerId;
    const groupIds = [...new Set(data.groupIds ?? [])];
    const tags = prepared.tags ?? [];
    const region = data.region || null;
    await tx.insert(customers).values({
      id,
      name: data.name,
      nameSort: search.nameSort,
      gender: data.gender ?? null,
      birthday: data.birthday ?? null,
      birthdayLunar: data.birthday ? (data.birthdayLunar ?? false) : false,
      phones,
      emails,
      wechat,
      qq,
      company: data.company || null,
      title: data.title || null,
      address: data.address || null,
      source: data.source || null,
      ownerId,
      region,
      stage,
      intent: data.intent || null,
      tags,
      importantDates: data.importantDates ?? [],
      customFields: prepared.customFields ?? {},
      searchText: search.searchText,
      searchKeys: searchKeys(search.grams, { stage, region, ownerId, tags, groupIds }),
      contactKeys: contactKeys({ phones, emails, wechat, qq }),
      createdBy: actor.userId,
    });
    if (groupIds.length > 0) await tx.insert(customerGroups).values(groupIds.map((groupId) => ({ customerId: id, groupId })));
    await tx.insert(customerStageChanges).values({ customerId: id, fromStage: null, toStage: stage, reason: data.stageReason ?? null, userId: actor.userId });
    await writeAudit(tx, actor, { action: 'customer.create', entity: 'customer', entityId: id, customerId: id, data: { name: data.name } });
    return getCustomer(tx, actor, id);
  });
}
