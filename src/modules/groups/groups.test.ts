import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { auditLog } from '../audit/schema.js';
import { createCustomer } from '../customers/create-customer.js';
import { getCustomer } from '../customers/get-customer.js';
import { useFixtureDatabase } from '../timeline/test-fixtures.js';
import { addGroupMembers, removeGroupMembers } from './change-group-members.js';
import { createGroup } from './create-group.js';
import { deleteGroup } from './delete-group.js';
import { getGroup, listGroups } from './list-groups.js';
import { customerGroups, groups } from './schema.js';
import { updateGroup } from './update-group.js';

const MISSING = '0190a000-0000-7000-8000-000000000000';

describe.each(testEngines())('groups on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('creates groups with unique names in any letter case', async () => {
    const vip = await createGroup(t.db, t.manager, { name: ' VIP ', color: '#FFAA00', description: '重点客户' });
    expect(vip).toMatchObject({ name: 'VIP', color: '#ffaa00', description: '重点客户', customerCount: 0 });
    const error = await createGroup(t.db, t.admin, { name: 'vip' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({ field: 'name' });
    const family = await createGroup(t.db, t.admin, { name: '家人' });
    await expect(updateGroup(t.db, t.admin, family.id, { name: 'Vip' })).rejects.toBeInstanceOf(ConflictError);
    // Renaming a group to its own name in another case is not a clash with itself.
    expect((await updateGroup(t.db, t.admin, vip.id, { name: 'Vip', color: null })).name).toBe('Vip');
    expect(await t.db.$count(auditLog, eq(auditLog.entityId, vip.id))).toBe(2);
  });

  it('lets only managers and admins create, change and delete groups', async () => {
    const group = await createGroup(t.db, t.admin, { name: '朋友' });
    await expect(createGroup(t.db, t.staff, { name: '员工的组' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateGroup(t.db, t.staff, group.id, { name: '改名' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteGroup(t.db, t.staff, group.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listGroups(t.db, t.staff)).map((item) => item.name)).toContain('朋友');
    expect((await getGroup(t.db, t.admin, group.id)).name).toBe('朋友');
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await t.db.$count(groups);
    const error = await createGroup(t.db, t.admin, {
      name: 'n'.repeat(51),
      color: 'red',
      description: 'd'.repeat(501),
      // @ts-expect-error unknown fields are refused
      icon: 'star',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['color', 'description', 'icon', 'name']);
    await expect(createGroup(t.db, t.admin, { name: '   ' })).rejects.toBeInstanceOf(ValidationError);
    expect(await t.db.$count(groups)).toBe(before);
  });

  it('adds and removes members in bulk, only customers the actor can see', async () => {
    const group = await createGroup(t.db, t.admin, { name: '大客户' });
    const mine = await createCustomer(t.db, t.staff, { name: '吴敏' });
    const added = await addGroupMembers(t.db, t.staff, group.id, { customerIds: [t.east.id, mine.id, mine.id, t.north.id, MISSING] });
    expect(added).toEqual({ added: 2, alreadyMembers: 0, notFound: 2 });
    expect(await addGroupMembers(t.db, t.admin, group.id, { customerIds: [t.east.id, t.north.id] })).toEqual({ added: 1, alreadyMembers: 1, notFound: 0 });

    // Counts only include members the actor may see.
    expect((await getGroup(t.db, t.admin, group.id)).customerCount).toBe(3);
    expect((await getGroup(t.db, t.staff, group.id)).customerCount).toBe(2);
    expect((await listGroups(t.db, t.staff)).find((item) => item.id === group.id)!.customerCount).toBe(2);

    // Staff cannot take a hidden customer out either.
    expect(await removeGroupMembers(t.db, t.staff, group.id, { customerIds: [t.north.id, mine.id] })).toEqual({ removed: 1, notMembers: 0, notFound: 1 });
    expect(await removeGroupMembers(t.db, t.admin, group.id, { customerIds: [mine.id] })).toEqual({ removed: 0, notMembers: 1, notFound: 0 });
    expect((await getGroup(t.db, t.admin, group.id)).customerCount).toBe(2);

    await expect(addGroupMembers(t.db, t.admin, MISSING, { customerIds: [t.east.id] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(addGroupMembers(t.db, t.admin, group.id, { customerIds: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(addGroupMembers(t.db, t.admin, group.id, { customerIds: ['not-a-uuid'] })).rejects.toBeInstanceOf(ValidationError);
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'group.members.add'))).toBe(2);
  });

  it('deletes a group with its memberships, keeping the customers', async () => {
    const group = await createGroup(t.db, t.admin, { name: '临时' });
    await addGroupMembers(t.db, t.admin, group.id, { customerIds: [t.east.id] });
    await deleteGroup(t.db, t.admin, group.id);
    expect(await t.db.$count(customerGroups, eq(customerGroups.groupId, group.id))).toBe(0);
    expect((await getCustomer(t.db, t.admin, t.east.id)).groups.map((item) => item.id)).not.toContain(group.id);
    await expect(deleteGroup(t.db, t.admin, group.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getGroup(t.db, t.admin, group.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
