import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../src/db/test-support.js';
import { addInteraction } from '../src/modules/timeline/add-interaction.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { getCustomer } from '../src/modules/customers/get-customer.js';
import { listCustomers } from '../src/modules/customers/list-customers.js';
import { mergeCustomers } from '../src/modules/customers/merge-customers.js';
import { createGroup } from '../src/modules/groups/create-group.js';
import { addOrder } from '../src/modules/orders/add-order.js';
import { NotFoundError } from '../src/shared/errors.js';
import { useFixtureDatabase } from '../src/modules/timeline/test-fixtures.js';

describe.each(testEngines())('merging duplicate customers on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('keeps the survivor, fills its gaps, unites contacts and groups, and moves orders and the timeline', async () => {
    const group = await createGroup(t.db, t.admin, { name: '合并测试组' });
    const survivor = await createCustomer(t.db, t.admin, { name: '刘洋', phones: [{ number: '13300133000' }], company: '原公司' });
    const duplicate = await createCustomer(t.db, t.admin, {
      name: '刘洋（旧）', phones: [{ number: '13300133001' }], emails: [{ address: 'liu@example.com' }], company: '别的公司', title: '经理', groupIds: [group.id], tags: ['老客户'],
    });
    await addOrder(t.db, t.admin, duplicate.id, { orderedAt: '2024-01-02T10:00:00+08:00', amount: '88.00', externalId: 'T-1' });
    await addInteraction(t.db, t.admin, duplicate.id, { kind: 'call', bodyHtml: '<p>电话回访</p>' });

    const result = await mergeCustomers(t.db, t.admin, { survivorId: survivor.id, duplicateIds: [duplicate.id] });
    expect(result.moved).toMatchObject({ orders: 1, groups: 1 });
    const merged = await getCustomer(t.db, t.admin, survivor.id);
    expect(merged.name).toBe('刘洋');
    expect(merged.company).toBe('原公司');
    expect(merged.title).toBe('经理');
    expect(merged.phones.map((p) => p.number)).toEqual(['+8613300133000', '+8613300133001']);
    expect(merged.emails.map((e) => e.address)).toEqual(['liu@example.com']);
    expect(merged.tags).toEqual(['老客户']);
    await expect(getCustomer(t.db, t.admin, duplicate.id)).rejects.toBeInstanceOf(NotFoundError);
    // Found by the duplicate's phone and group now, like any customer.
    expect((await listCustomers(t.db, t.admin, { phone: '13300133001' })).items.map((c) => c.id)).toEqual([survivor.id]);
    expect((await listCustomers(t.db, t.admin, { groupIds: [group.id] })).items.map((c) => c.id)).toEqual([survivor.id]);
    const rows = (await t.db.execute(sql`
      SELECT (SELECT count(*)::int FROM orders WHERE customer_id = ${survivor.id}) AS orders,
             (SELECT count(*)::int FROM interactions WHERE customer_id = ${survivor.id} AND kind IN ('call', 'purchase')) AS moved,
             (SELECT count(*)::int FROM audit_log WHERE action = 'customer.merge' AND customer_id = ${survivor.id}) AS audits`)) as unknown as { rows: { orders: number; moved: number; audits: number }[] };
    expect(rows.rows[0]).toEqual({ orders: 1, moved: 2, audits: 1 });
  });

  it('refuses customers outside the actor\'s access and changes nothing', async () => {
    await expect(mergeCustomers(t.db, t.staff, { survivorId: t.east.id, duplicateIds: [t.north.id] })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCustomer(t.db, t.admin, t.north.id)).name).toBe('周杰');
  });
});
