import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { NotFoundError } from '../../shared/errors.js';
import { auditLog } from '../audit/schema.js';
import { createCustomer } from '../customers/create-customer.js';
import { systemActor } from '../users/actor.js';
import { addInteraction } from './add-interaction.js';
import { listTimeline } from './list-timeline.js';
import { recordSystemEvent } from './record-system-event.js';
import { interactions } from './schema.js';
import { issuePaths, useFixtureDatabase } from './test-fixtures.js';

describe.each(testEngines())('timeline on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('stores sanitised rich text with its plain text, the author and an audit row', async () => {
    const added = await addInteraction(t.db, t.staff, t.east.id, {
      kind: 'call',
      channel: 'phone',
      subject: '回访',
      bodyHtml: '<p onclick="x()">客户<strong>满意</strong><script>alert(1)</script></p><a href="javascript:alert(1)">link</a>',
    });
    expect(added).toMatchObject({ kind: 'call', channel: 'phone', subject: '回访', authorId: t.staff.userId, authorName: '小李', customerId: t.east.id });
    expect(added.bodyHtml).toBe('<p>客户<strong>满意</strong></p><a rel="noopener noreferrer nofollow">link</a>');
    expect(added.bodyText).toBe('客户满意\nlink');
    const [stored] = await t.db.select().from(interactions).where(eq(interactions.id, added.id));
    expect(stored!.bodyHtml).toBe(added.bodyHtml);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, added.id), eq(auditLog.action, 'interaction.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.customerId).toBe(t.east.id);
  });

  it('lists newest first and pages through ties without skipping or repeating', async () => {
    const customer = await createCustomer(t.db, t.admin, { name: '分页客户' });
    const same = '2024-05-01T08:00:00.000123+08:00';
    const kinds = ['note', 'call', 'visit', 'meeting', 'email', 'sms', 'wechat'] as const;
    for (const [index, kind] of kinds.entries()) {
      await addInteraction(t.db, t.admin, customer.id, { kind, occurredAt: index < 4 ? same : `2023-0${index}-01T00:00:00Z`, bodyHtml: `<p>${kind}</p>` });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTimeline(t.db, t.admin, customer.id, { limit: 3, cursor });
      seen.push(...page.items.map((item) => item.occurredAt));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(seen).toEqual([...seen].sort().reverse());
    const all = await listTimeline(t.db, t.admin, customer.id, {});
    expect(all.items.map((item) => item.kind).slice(0, 4)).toEqual(['meeting', 'visit', 'call', 'note']);
    const onlyCalls = await listTimeline(t.db, t.admin, customer.id, { kinds: ['call', 'sms'] });
    expect(onlyCalls.items.map((item) => item.kind).sort()).toEqual(['call', 'sms']);
    expect(await issuePaths(listTimeline(t.db, t.admin, customer.id, { cursor: 'not-a-cursor' }))).toEqual(['cursor']);
  });

  it('hides another region’s timeline from staff and refuses to write to it', async () => {
    await addInteraction(t.db, t.admin, t.north.id, { kind: 'note', bodyHtml: '机密' });
    await expect(listTimeline(t.db, t.staff, t.north.id)).rejects.toBeInstanceOf(NotFoundError);
    const before = await t.db.$count(interactions, eq(interactions.customerId, t.north.id));
    await expect(addInteraction(t.db, t.staff, t.north.id, { kind: 'note', bodyHtml: '试试' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(addInteraction(t.db, t.staff, '0190a000-0000-7000-8000-000000000000', { kind: 'note', bodyHtml: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.$count(interactions, eq(interactions.customerId, t.north.id))).toBe(before);
    expect((await listTimeline(t.db, t.staff, t.east.id)).items.length).toBeGreaterThan(0);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await t.db.$count(interactions);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(await issuePaths(addInteraction(t.db, t.admin, t.east.id, {
      // @ts-expect-error purchases are written by the system only
      kind: 'purchase',
      occurredAt: inTwoDays,
      subject: 'x'.repeat(201),
      channel: 'c'.repeat(33),
      bodyHtml: 'x'.repeat(100_001),
      // unknown fields are refused (one @ts-expect-error covers the literal)
      mood: 'happy',
    }))).toEqual(['bodyHtml', 'channel', 'kind', 'mood', 'occurredAt', 'subject']);
    expect(await issuePaths(addInteraction(t.db, t.admin, t.east.id, { kind: 'note', occurredAt: '2024-05-01 08:00', bodyHtml: 'x' }))).toEqual(['occurredAt']);
    expect(await issuePaths(addInteraction(t.db, t.admin, t.east.id, { kind: 'note', occurredAt: '2024-02-30T08:00:00Z', bodyHtml: 'x' }))).toEqual(['occurredAt']);
    expect(await issuePaths(addInteraction(t.db, t.admin, t.east.id, { kind: 'note', bodyHtml: '<script>alert(1)</script>' }))).toEqual(['bodyHtml']);
    expect(await t.db.$count(interactions)).toBe(before);
  });

  it('records system events inside the caller’s transaction', async () => {
    const id = await t.db.transaction((tx) =>
      recordSystemEvent(tx, systemActor, t.east.id, { kind: 'system', subject: '导入', bodyText: '从 <CSV> 导入\n第 2 行', data: { importId: 'imp-1' } }),
    );
    const event = (await listTimeline(t.db, t.admin, t.east.id, { kinds: ['system'] })).items.find((item) => item.id === id)!;
    expect(event).toMatchObject({ authorId: null, subject: '导入', bodyText: '从 <CSV> 导入\n第 2 行', bodyHtml: '<p>从 &lt;CSV&gt; 导入<br />第 2 行</p>', data: { importId: 'imp-1' } });

    const before = await t.db.$count(interactions);
    await expect(t.db.transaction(async (tx) => {
      await recordSystemEvent(tx, t.admin, t.east.id, { kind: 'system', subject: '会回滚' });
      throw new Error('the caller fails after recording');
    })).rejects.toThrow('the caller fails');
    await expect(t.db.transaction((tx) => recordSystemEvent(tx, t.staff, t.north.id, { kind: 'system' }))).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.$count(interactions)).toBe(before);
  });
});
