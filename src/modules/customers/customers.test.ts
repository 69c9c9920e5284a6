import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { ValidationError, NotFoundError, ConflictError } from '../../shared/errors.js';
import type { Actor } from '../users/actor.js';
import { createUser } from '../users/create-user.js';
import { systemActor } from '../users/actor.js';
import { createCustomer } from './create-customer.js';
import { deleteCustomer } from './delete-customer.js';
import { getCustomer } from './get-customer.js';
import { listCustomers } from './list-customers.js';
import { updateCustomer } from './update-customer.js';
import { customers } from './schema.js';
import { eq } from 'drizzle-orm';
import { createGroup } from '../groups/create-group.js';
import { addGroupMembers, removeGroupMembers } from '../groups/change-group-members.js';
import { deleteGroup } from '../groups/delete-group.js';

describe.each(testEngines())('customers on %s', (engine) => {
  let database: TestDatabase;
  let admin: Actor;
  let staff: Actor;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const adminUser = await createUser(database.db, systemActor, { username: 'boss', password: 'boss-password', role: 'admin' });
    const staffUser = await createUser(database.db, systemActor, { username: 'xiaoli', displayName: '小李', password: 'staff-password', role: 'staff', regions: ['华东'] });
    admin = { userId: adminUser.id, role: 'admin', regions: [] };
    staff = { userId: staffUser.id, role: 'staff', regions: staffUser.regions };
  });
  afterAll(() => database.close());

  it('creates a customer with normalised phones and e-mails and records the stage', async () => {
    const created = await createCustomer(database.db, admin, {
      name: '张伟',
      phones: [{ label: '手机', number: '138 0013 8000' }, { number: '0571-8888 1234 转 806' }],
      emails: [{ address: ' Zhang.Wei@Example.COM ' }],
      birthday: '1990-06-25',
      birthdayLunar: true,
      stage: 'current',
      stageReason: '首次下单',
      tags: ['VIP', 'VIP', '老客户'],
    });
    expect(created.phones).toEqual([
      { label: '手机', number: '+8613800138000' },
      { number: '+8657188881234', ext: '806' },
    ]);
    expect(created.emails).toEqual([{ address: 'zhang.wei@example.com' }]);
    expect(created.tags).toEqual(['VIP', '老客户']);
    expect(created.birthdayLunarText).toBe('闰五月初三');
    expect(created.stageHistory).toMatchObject([{ fromStage: null, toStage: 'current', reason: '首次下单' }]);
  });

  it('rejects bad input naming every field, and changes nothing', async () => {
    const before = await database.db.$count(customers);
    const error = await createCustomer(database.db, admin, {
      name: '',
      phones: [{ number: 'call me maybe' }],
      birthday: '1990-02-30',
      // @ts-expect-error an unknown field must be refused, not ignored
      nickname: 'x',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['birthday', 'name', 'nickname']);
    const phoneError = await createCustomer(database.db, admin, { name: '王芳', phones: [{ number: 'abcdefg' }] }).catch((caught: unknown) => caught);
    expect((phoneError as ValidationError).issues.map((issue) => issue.path)).toEqual(['phones.0.number']);
    expect((phoneError as ValidationError).issues[0]!.message['zh-CN']).toContain('电话');
    expect(await database.db.$count(customers)).toBe(before);
  });

  it('finds customers by Chinese substring, pinyin, initials and phone fragment', async () => {
    await createCustomer(database.db, admin, { name: '李娜', phones: [{ number: '13912345678' }], company: '杭州西湖茶业' });
    const names = async (q: string) => (await listCustomers(database.db, admin, { q })).items.map((item) => item.name).sort();
    expect(await names('张')).toEqual(['张伟']);
    expect(await names('zhangwei')).toEqual(['张伟']);
    expect(await names('zw')).toEqual(['张伟']);
    expect(await names('ln')).toEqual(['李娜']);
    expect(await names('139-1234')).toEqual(['李娜']);
    expect(await names('西湖')).toEqual(['李娜']);
    expect(await names('赵')).toEqual([]);
  });

  it('pages stably with a cursor and reports the total', async () => {
    for (let i = 0; i < 7; i++) await createCustomer(database.db, admin, { name: `测试客户${i}`, region: '华南' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCustomers(database.db, admin, { regions: ['华南'], sort: 'name', limit: 3, cursor });
      expect(page.total).toBe(7);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('lets staff see only their own and their regions’ customers', async () => {
    const other = await createCustomer(database.db, admin, { name: '周杰', region: '华北' });
    const mine = await createCustomer(database.db, staff, { name: '吴敏' });
    const inRegion = await createCustomer(database.db, admin, { name: '郑秀', region: '华东' });
    expect(mine.ownerId).toBe(staff.userId);
    const visible = (await listCustomers(database.db, staff, { limit: 500 })).items.map((item) => item.id);
    expect(visible).toContain(mine.id);
    expect(visible).toContain(inRegion.id);
    expect(visible).not.toContain(other.id);
    await expect(getCustomer(database.db, staff, other.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateCustomer(database.db, staff, other.id, { name: '改名' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteCustomer(database.db, staff, other.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCustomer(database.db, admin, other.id)).name).toBe('周杰');
  });

  it('updates fields, records stage moves with reason, and detects concurrent edits', async () => {
    const created = await createCustomer(database.db, admin, { name: '孙丽', stage: 'potential' });
    const updated = await updateCustomer(database.db, admin, created.id, { stage: 'churned', stageReason: '搬家', company: '新公司', expectedVersion: created.version });
    expect(updated.company).toBe('新公司');
    expect(updated.version).toBe(created.version + 1);
    expect(updated.stageHistory[0]).toMatchObject({ fromStage: 'potential', toStage: 'churned', reason: '搬家' });
    await expect(updateCustomer(database.db, admin, created.id, { name: '孙丽丽', expectedVersion: created.version })).rejects.toBeInstanceOf(ConflictError);
    expect((await listCustomers(database.db, admin, { q: '新公司' })).items.map((item) => item.id)).toEqual([created.id]);
  });
});

describe.each(testEngines())('filtering by group, tag and owner on %s', (engine) => {
  let database: TestDatabase;
  let admin: Actor;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const user = await createUser(database.db, systemActor, { username: 'boss', password: 'boss-password', role: 'admin' });
    admin = { userId: user.id, role: 'admin', regions: [] };
  });
  afterAll(() => database.close());

  const ids = async (filter: Parameters<typeof listCustomers>[2]) => (await listCustomers(database.db, admin, filter)).items.map((item) => item.id).sort();

  it('follows group membership however it changes', async () => {
    const vip = await createGroup(database.db, admin, { name: 'VIP' });
    const family = await createGroup(database.db, admin, { name: '家人' });
    const a = await createCustomer(database.db, admin, { name: '甲客户', groupIds: [vip.id] });
    const b = await createCustomer(database.db, admin, { name: '乙客户' });
    expect(await ids({ groupIds: [vip.id] })).toEqual([a.id]);

    await addGroupMembers(database.db, admin, vip.id, { customerIds: [b.id] });
    expect(await ids({ groupIds: [vip.id] })).toEqual([a.id, b.id].sort());
    await updateCustomer(database.db, admin, a.id, { groupIds: [family.id] });
    expect(await ids({ groupIds: [vip.id] })).toEqual([b.id]);
    expect(await ids({ groupIds: [vip.id, family.id] })).toEqual([a.id, b.id].sort());
    await removeGroupMembers(database.db, admin, vip.id, { customerIds: [b.id] });
    expect(await ids({ groupIds: [vip.id] })).toEqual([]);

    await deleteGroup(database.db, admin, family.id);
    expect(await ids({ groupIds: [family.id] })).toEqual([]);
    const [row] = await database.db.select({ keys: customers.searchKeys }).from(customers).where(eq(customers.id, a.id));
    expect(row!.keys.filter((key) => key.startsWith('g:'))).toEqual([]);
  });

  it('combines stage, tag, region, owner and text filters', async () => {
    const mine = await createCustomer(database.db, admin, { name: '丙客户', stage: 'loyal', tags: ['老客户'], region: '华东', ownerId: admin.userId });
    await createCustomer(database.db, admin, { name: '丁客户', stage: 'loyal', tags: ['新客户'], region: '华东' });
    await createCustomer(database.db, admin, { name: '丙先生', stage: 'current', tags: ['老客户'], region: '华南' });
    expect(await ids({ q: '丙', stages: ['loyal'], tags: ['老客户'] })).toEqual([mine.id]);
    expect(await ids({ regions: ['华东'], ownerIds: ['me'] })).toEqual([mine.id]);
    expect((await ids({ q: '客户', ownerIds: ['none'], regions: ['华东'] })).length).toBe(1);
    await updateCustomer(database.db, admin, mine.id, { stage: 'churned', tags: [] });
    expect(await ids({ q: '丙', stages: ['loyal'] })).toEqual([]);
    expect(await ids({ q: '丙', stages: ['churned'] })).toEqual([mine.id]);
  });
});
