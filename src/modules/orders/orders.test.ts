import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { auditLog } from '../audit/schema.js';
import { createCustomer } from '../customers/create-customer.js';
import { listTimeline } from '../timeline/list-timeline.js';
import { interactions } from '../timeline/schema.js';
import { issuePaths, useFixtureDatabase } from '../timeline/test-fixtures.js';
import { addInvestment } from './add-investment.js';
import { addOrder } from './add-order.js';
import { deleteInvestment } from './delete-investment.js';
import { deleteOrder } from './delete-order.js';
import { listInvestments } from './list-investments.js';
import { listOrders } from './list-orders.js';
import { investments, orders } from './schema.js';

const at = '2024-03-08T10:00:00+08:00';

describe.each(testEngines())('orders and investments on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('adds up money exactly in SQL, refunds included', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '钱多多' });
    await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '0.1', cost: '0.05' });
    await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '0.2' });
    let page = await listOrders(t.db, t.admin, customer.id);
    expect(page.totals).toEqual({ count: 2, revenue: '0.30', cost: '0.05', margin: '0.25', currencies: ['CNY'] });
    await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '999999999999.99' });
    await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '-0.3', description: '退款' });
    page = await listOrders(t.db, t.admin, customer.id);
    expect(page.totals).toMatchObject({ count: 4, revenue: '999999999999.99', margin: '999999999999.94' });
    expect(page.items.map((order) => order.amount)).toEqual(['-0.30', '999999999999.99', '0.20', '0.10']);
  });

  it('records the order with a purchase on the timeline and an audit row, in one transaction', async () => {
    const order = await addOrder(t.db, t.staff, t.east.id, {
      orderedAt: at,
      amount: '1288.5',
      currency: 'CNY',
      channel: '天猫',
      items: [{ name: '龙井茶 250g', quantity: 3, unitPrice: '429.50' }],
      externalId: 'TM-1001',
    });
    expect(order).toMatchObject({ amount: '1288.50', cost: null, externalId: 'TM-1001', orderedAt: '2024-03-08T02:00:00.000Z', createdBy: t.staff.userId });
    const timeline = await listTimeline(t.db, t.staff, t.east.id, { kinds: ['purchase'] });
    expect(timeline.items[0]).toMatchObject({ kind: 'purchase', channel: '天猫', subject: 'CNY 1288.50', bodyText: '龙井茶 250g × 3', data: { orderId: order.id }, occurredAt: order.orderedAt });
    expect(await t.db.$count(auditLog, eq(auditLog.entityId, order.id))).toBe(1);
  });

  it('records an order of 0 (a free sample or gift) as a purchase of 0.00', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '试用装客户' });
    for (const amount of ['0', '-0.00']) {
      expect(await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount, description: '试用装' })).toMatchObject({ amount: '0.00' });
    }
    const page = await listOrders(t.db, t.admin, customer.id);
    expect(page.totals).toMatchObject({ count: 2, revenue: '0.00' });
    expect((await listTimeline(t.db, t.admin, customer.id, { kinds: ['purchase'] })).items.map((item) => item.subject)).toEqual(['CNY 0.00', 'CNY 0.00']);
  });

  it('refuses a repeated external id for the same customer with 409, and allows it for another', async () => {
    const first = await addOrder(t.db, t.admin, t.north.id, { orderedAt: at, amount: '10', externalId: 'JD-7' });
    const before = { orders: await t.db.$count(orders), events: await t.db.$count(interactions) };
    const error = await addOrder(t.db, t.admin, t.north.id, { orderedAt: at, amount: '20', externalId: 'JD-7' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({ field: 'externalId', orderId: first.id });
    expect({ orders: await t.db.$count(orders), events: await t.db.$count(interactions) }).toEqual(before);
    await expect(addOrder(t.db, t.admin, t.east.id, { orderedAt: at, amount: '20', externalId: 'JD-7' })).resolves.toMatchObject({ externalId: 'JD-7' });
    // Two requests that pass the check together meet the unique index, which is recognised as a 409 too.
    const race = await t.db
      .insert(orders)
      .values({ id: newId(), customerId: t.north.id, orderedAt: new Date(at), amount: '1', externalId: 'JD-7' })
      .catch((caught: unknown) => caught);
    expect(isUniqueViolation(race, 'orders_customer_external_id_key')).toBe(true);
    expect(isUniqueViolation(race, 'groups_name_key')).toBe(false);
  });

  it('refuses bad money, dates and items naming each field, and writes nothing', async () => {
    const before = { orders: await t.db.$count(orders), events: await t.db.$count(interactions) };
    expect(await issuePaths(addOrder(t.db, t.admin, t.east.id, {
      orderedAt: '2024-03-08',
      // @ts-expect-error a float is not a decimal string
      amount: 0.1,
      cost: '-1',
      currency: 'cny',
      description: 'd'.repeat(501),
      items: [{ name: '', quantity: 0, unitPrice: '1.234' }, { name: 'x', quantity: 1.5, unitPrice: '1e3' }],
      externalId: 'e'.repeat(101),
      // unknown fields are refused (one @ts-expect-error covers the literal)
      discount: '1',
    }))).toEqual([
      'amount', 'cost', 'currency', 'description', 'discount', 'externalId',
      'items.0.name', 'items.0.quantity', 'items.0.unitPrice', 'items.1.quantity', 'items.1.unitPrice', 'orderedAt',
    ]);
    for (const amount of ['1.234', '1,000', '01', '1000000000000', '.5', '', 'free', '-']) {
      expect(await issuePaths(addOrder(t.db, t.admin, t.east.id, { orderedAt: at, amount }))).toEqual(['amount']);
    }
    expect({ orders: await t.db.$count(orders), events: await t.db.$count(interactions) }).toEqual(before);
  });

  it('hides another region’s orders and investments from staff', async () => {
    await expect(listOrders(t.db, t.staff, t.north.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addOrder(t.db, t.staff, t.north.id, { orderedAt: at, amount: '1' })).rejects.toBeInstanceOf(NotFoundError);
    const [hidden] = (await listOrders(t.db, t.admin, t.north.id)).items;
    await expect(deleteOrder(t.db, t.staff, t.north.id, hidden!.id)).rejects.toBeInstanceOf(NotFoundError);
    // An order id paired with a customer the caller can see does not reach it either.
    await expect(deleteOrder(t.db, t.staff, t.east.id, hidden!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listInvestments(t.db, t.staff, t.north.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addInvestment(t.db, t.staff, t.north.id, { kind: 'gift', occurredAt: at, cost: '1' })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listOrders(t.db, t.admin, t.north.id)).items).toHaveLength(1);
  });

  it('deletes an order together with its purchase entry', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '删单客户' });
    const order = await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '5' });
    const kept = await addOrder(t.db, t.admin, customer.id, { orderedAt: at, amount: '6' });
    await deleteOrder(t.db, t.admin, customer.id, order.id);
    const purchases = (await listTimeline(t.db, t.admin, customer.id, { kinds: ['purchase'] })).items;
    expect(purchases.map((item) => item.data.orderId)).toEqual([kept.id]);
    expect((await listOrders(t.db, t.admin, customer.id)).totals).toMatchObject({ count: 1, revenue: '6.00' });
    await expect(deleteOrder(t.db, t.admin, customer.id, order.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages orders newest first', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '常客' });
    for (let day = 1; day <= 5; day++) await addOrder(t.db, t.admin, customer.id, { orderedAt: `2024-01-0${day}T00:00:00Z`, amount: `${day}` });
    const first = await listOrders(t.db, t.admin, customer.id, { limit: 3 });
    const second = await listOrders(t.db, t.admin, customer.id, { limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((order) => order.amount)).toEqual(['5.00', '4.00', '3.00', '2.00', '1.00']);
    expect(second.nextCursor).toBeNull();
    expect(second.totals.revenue).toBe('15.00');
  });

  it('records investments with exact totals; service hours need hours', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '大客户' });
    await addInvestment(t.db, t.admin, customer.id, { kind: 'gift', occurredAt: at, cost: '0.1', description: '中秋月饼' });
    const service = await addInvestment(t.db, t.admin, customer.id, { kind: 'service_hours', occurredAt: at, cost: '0.2', hours: '1.5' });
    expect(service).toMatchObject({ kind: 'service_hours', cost: '0.20', hours: '1.50', userId: t.admin.userId });
    expect((await listInvestments(t.db, t.admin, customer.id)).totals).toEqual({ count: 2, cost: '0.30', hours: '1.50' });

    const before = await t.db.$count(investments);
    expect(await issuePaths(addInvestment(t.db, t.admin, customer.id, { kind: 'service_hours', occurredAt: at, cost: '10' }))).toEqual(['hours']);
    expect(await issuePaths(addInvestment(t.db, t.admin, customer.id, { kind: 'service_hours', occurredAt: at, cost: '10', hours: '0' }))).toEqual(['hours']);
    expect(await issuePaths(addInvestment(t.db, t.admin, customer.id, {
      // @ts-expect-error not an investment kind
      kind: 'bribe',
      occurredAt: 'soon',
      cost: '-5',
      hours: '1000000',
    }))).toEqual(['cost', 'hours', 'kind', 'occurredAt']);
    expect(await t.db.$count(investments)).toBe(before);

    await deleteInvestment(t.db, t.admin, customer.id, service.id);
    expect((await listInvestments(t.db, t.admin, customer.id)).totals).toEqual({ count: 1, cost: '0.10', hours: '0.00' });
    await expect(deleteInvestment(t.db, t.admin, customer.id, service.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
