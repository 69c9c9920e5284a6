import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { enqueueMessage, type NewMessage } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { recordOptOut } from '../src/modules/messaging/record-opt-out.js';
import { messages } from '../src/modules/messaging/schema.js';
import { quietUntil } from '../src/modules/messaging/send-policy.js';
import { startSmtpPeer, type SmtpPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { updateSendPolicy } from '../src/modules/messaging/update-send-policy.js';
import { updateCompanySettings } from '../src/modules/settings/company-settings.js';
import { listTimeline } from '../src/modules/timeline/list-timeline.js';
import { systemActor } from '../src/modules/users/actor.js';

/** A time of day in Shanghai, `offsetMinutes` from now, as HH:MM. */
function shanghaiClock(offsetMinutes: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
}

describe('quiet hours arithmetic', () => {
  it('finds the end of a window that crosses midnight, in the company time zone', () => {
    // 22:30 in Shanghai is 14:30 UTC; the window ends at 08:00 Shanghai = 00:00 UTC next day.
    expect(quietUntil(new Date('2026-01-10T14:30:00Z'), 'Asia/Shanghai', { start: '21:00', end: '08:00' })).toEqual(new Date('2026-01-11T00:00:00Z'));
    expect(quietUntil(new Date('2026-01-10T22:59:30Z'), 'Asia/Shanghai', { start: '21:00', end: '08:00' })).toEqual(new Date('2026-01-11T00:00:00Z'));
    expect(quietUntil(new Date('2026-01-11T00:00:00Z'), 'Asia/Shanghai', { start: '21:00', end: '08:00' })).toBeUndefined();
    expect(quietUntil(new Date('2026-01-10T12:59:00Z'), 'Asia/Shanghai', { start: '21:00', end: '08:00' })).toBeUndefined();
  });
});

describe.each(testEngines())('send-time policy on %s', (engine) => {
  let database: TestDatabase;
  let smtp: SmtpPeer;
  let customers: { id: string; address: string }[];
  let key = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    smtp = await startSmtpPeer();
    await updateChannelSettings(database.db, systemActor, 'email', { host: '127.0.0.1', port: smtp.port, from: 'care@weixi.test', publicUrl: 'https://crm.weixi.test' });
    await updateCompanySettings(database.db, systemActor, { timeZone: 'Asia/Shanghai' });
    customers = [];
    for (const name of ['李娜', '赵敏', '孙悦']) {
      const address = `${name}@example.com`.replace(/[^\x00-\x7f]/g, (char) => char.charCodeAt(0).toString(16));
      customers.push({ id: (await createCustomer(database.db, systemActor, { name, emails: [{ address }] })).id, address });
    }
  });
  beforeEach(async () => {
    await updateSendPolicy(database.db, systemActor, { quietHours: {}, frequencyCap: null });
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  const send = (customer: { id: string; address: string }, extra: Partial<NewMessage> = {}) =>
    enqueueMessage(database.db, { idempotencyKey: `policy-${key++}`, channel: 'email', recipient: customer.address, customerId: customer.id, subject: '关怀', bodyText: '您好', ...extra });
  async function drain(): Promise<void> {
    const worker = startOutboxWorker({ db: database.db, idleMs: 50 });
    await worker.idle();
    await worker.stop();
  }
  const row = async (id: string) => (await database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const deliveredTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address)).length;

  it('does not send to a customer who opted out of the channel, and says so', async () => {
    const [optedOut, other] = customers;
    await database.db.transaction((tx) => recordOptOut(tx, { customerId: optedOut!.id, channel: 'email', source: 'unsubscribe_link' }));
    const blocked = await send(optedOut!);
    const allowed = await send(other!);
    await drain();
    expect(await row(blocked.id)).toMatchObject({ status: 'opted_out', attempts: 0 });
    expect(deliveredTo(optedOut!.address)).toBe(0);
    expect(await row(allowed.id)).toMatchObject({ status: 'sent' });
    expect(deliveredTo(other!.address)).toBe(1);
    const timeline = await listTimeline(database.db, systemActor, optedOut!.id, {});
    expect(timeline.items.some((item) => item.data.optOut === 'email')).toBe(true);
  });

  it('holds messages during quiet hours until the window ends, without using an attempt', async () => {
    const customer = customers[2]!;
    await updateSendPolicy(database.db, systemActor, { quietHours: { email: { start: shanghaiClock(-60), end: shanghaiClock(90) } } });
    const before = deliveredTo(customer.address);
    const held = await send(customer, { category: 'transactional' });
    await drain();
    const waiting = await row(held.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
    expect(deliveredTo(customer.address)).toBe(before);
    // Delayed to the window's end (about 90 minutes from now), not dropped.
    expect(waiting.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(88 * 60_000);
    expect(waiting.nextAttemptAt.getTime() - Date.now()).toBeLessThan(91 * 60_000);

    await updateSendPolicy(database.db, systemActor, { quietHours: {} });
    await database.db.update(messages).set({ nextAttemptAt: new Date() }).where(eq(messages.id, held.id));
    await drain();
    expect(await row(held.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(deliveredTo(customer.address)).toBe(before + 1);
  });

  it('caps marketing messages per customer per rolling window; transactional messages are exempt', async () => {
    const customer = customers[1]!;
    await updateSendPolicy(database.db, systemActor, { frequencyCap: { limit: 2, days: 30 } });
    const before = deliveredTo(customer.address);
    const earlier = await send(customer, { category: 'marketing' });
    await drain();
    expect((await row(earlier.id)).status).toBe('sent');
    const marketing = [await send(customer, { category: 'marketing' }), await send(customer, { category: 'marketing' }), await send(customer, { category: 'marketing' })];
    const receipt = await send(customer, { category: 'transactional' });
    await drain();
    const rows = await Promise.all(marketing.map((message) => row(message.id)));
    expect(rows.map((message) => message.status).sort()).toEqual(['capped', 'capped', 'sent']);
    for (const capped of rows.filter((message) => message.status === 'capped')) {
      expect(capped).toMatchObject({ attempts: 0, sentAt: null });
      expect(capped.lastError).toContain('limit 2');
    }
    expect((await row(receipt.id)).status).toBe('sent');
    expect(deliveredTo(customer.address)).toBe(before + 3);
  });
});
