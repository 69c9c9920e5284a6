import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { auditLog } from '../audit/schema.js';
import { createCustomer } from '../customers/create-customer.js';
import { getCustomer } from '../customers/get-customer.js';
import { issueCodes, useFixtureDatabase } from '../timeline/test-fixtures.js';
import { createCustomField } from './create-custom-field.js';
import { deleteCustomField } from './delete-custom-field.js';
import { listCustomFieldDefs } from './list-custom-fields.js';
import { customFieldDefs } from './schema.js';
import { updateCustomField } from './update-custom-field.js';

describe.each(testEngines())('custom fields on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('defines fields in order, with unique keys', async () => {
    const industry = await createCustomField(t.db, t.manager, { key: 'industry', labelZh: '行业', labelEn: 'Industry', type: 'select', options: ['餐饮', '零售'] });
    const note = await createCustomField(t.db, t.admin, { key: 'shoe_size', labelZh: '鞋码', labelEn: 'Shoe size', type: 'text', maxLength: 5, required: true });
    expect(industry).toMatchObject({ key: 'industry', type: 'select', options: ['餐饮', '零售'], required: false, maxLength: null, position: 0 });
    expect(note).toMatchObject({ position: 1, maxLength: 5, required: true });
    const error = await createCustomField(t.db, t.admin, { key: 'industry', labelZh: '行业2', labelEn: 'Industry 2', type: 'text' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({ field: 'key' });
    expect((await listCustomFieldDefs(t.db)).map((def) => def.key)).toEqual(['industry', 'shoe_size']);
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'custom_field.create'))).toBe(2);
    // Later tests create customers without a shoe size.
    expect(await updateCustomField(t.db, t.manager, note.id, { required: false, maxLength: null })).toMatchObject({ required: false, maxLength: null, position: 1 });
  });

  it('enforces the definition rules and writes nothing when they fail', async () => {
    const before = await t.db.$count(customFieldDefs);
    const base = { labelZh: '字段', labelEn: 'Field' };
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'Bad-Key', type: 'text' }))).toEqual({ key: 'custom' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: '_x', type: 'text' }))).toEqual({ key: 'custom' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'a'.repeat(64), type: 'text' }))).toEqual({ key: 'custom' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'tier', type: 'select' }))).toEqual({ options: 'required' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'tier', type: 'multiselect', options: [] }))).toEqual({ options: 'required' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'tier', type: 'select', options: ['A', 'B', ' A '] }))).toEqual({ 'options.2': 'duplicate' });
    expect(await issueCodes(createCustomField(t.db, t.admin, { ...base, key: 'tier', type: 'number', options: ['1'], maxLength: 3 }))).toEqual({ options: 'not_allowed', maxLength: 'not_allowed' });
    expect(await issueCodes(createCustomField(t.db, t.admin, {
      key: 'tier',
      labelZh: '',
      labelEn: 'x'.repeat(101),
      // @ts-expect-error not a field type
      type: 'json',
      extra: 1,
    }))).toEqual({ labelZh: 'too_small', labelEn: 'too_big', type: 'invalid_value', extra: 'unrecognized_keys' });
    expect(await t.db.$count(customFieldDefs)).toBe(before);
  });

  it('lets only managers and admins change definitions', async () => {
    const [def] = await listCustomFieldDefs(t.db);
    await expect(createCustomField(t.db, t.staff, { key: 'x', labelZh: 'x', labelEn: 'x', type: 'text' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateCustomField(t.db, t.staff, def!.id, { labelZh: '改' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteCustomField(t.db, t.staff, def!.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps key and type fixed and refuses to drop an option customers still use', async () => {
    const level = await createCustomField(t.db, t.admin, { key: 'level', labelZh: '等级', labelEn: 'Level', type: 'multiselect', options: ['金', '银', '铜', '铁'] });
    await createCustomer(t.db, t.admin, { name: '金客户', customFields: { level: ['金', '银'] } });
    await createCustomer(t.db, t.admin, { name: '银客户', region: '华北', customFields: { level: ['银'] } });
    await createCustomer(t.db, t.admin, { name: '选项客户', customFields: { industry: '零售' } });

    expect(await issueCodes(updateCustomField(t.db, t.admin, level.id, { key: 'grade', type: 'select', options: [], maxLength: 10 }))).toEqual({
      key: 'immutable', type: 'immutable', options: 'required', maxLength: 'not_allowed',
    });
    // Sending the current key and type back (a whole form) is fine.
    const relabelled = await updateCustomField(t.db, t.admin, level.id, { key: 'level', type: 'multiselect', labelEn: 'Tier', position: 9 });
    expect(relabelled).toMatchObject({ labelEn: 'Tier', labelZh: '等级', position: 9, options: ['金', '银', '铜', '铁'] });

    const error = await updateCustomField(t.db, t.admin, level.id, { options: ['铜'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('option_in_use');
    expect((error as ConflictError).details).toEqual({ field: 'options', count: 2, options: [{ option: '金', customers: 1 }, { option: '银', customers: 2 }] });
    expect((error as ConflictError).messages['zh-CN']).toContain('2 位客户');

    const [industry] = await t.db.select().from(customFieldDefs).where(eq(customFieldDefs.key, 'industry'));
    await expect(updateCustomField(t.db, t.admin, industry!.id, { options: ['餐饮'] })).rejects.toBeInstanceOf(ConflictError);
    expect((await updateCustomField(t.db, t.admin, level.id, { options: ['金', '银', '钻石'] })).options).toEqual(['金', '银', '钻石']);
    await expect(updateCustomField(t.db, t.admin, '0190a000-0000-7000-8000-000000000000', { labelZh: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes a field and its values from every customer in one go', async () => {
    const region = await createCustomField(t.db, t.admin, { key: 'store', labelZh: '门店', labelEn: 'Store', type: 'text' });
    const withValue = await createCustomer(t.db, t.admin, { name: '门店客户', customFields: { store: '西湖店', industry: '餐饮' } });
    const elsewhere = await createCustomer(t.db, t.staff, { name: '小李的客户', customFields: { store: '成都店' } });
    const without = await createCustomer(t.db, t.admin, { name: '无门店', customFields: { industry: '零售' } });
    await deleteCustomField(t.db, t.manager, region.id);
    expect((await getCustomer(t.db, t.admin, withValue.id)).customFields).toEqual({ industry: '餐饮' });
    expect((await getCustomer(t.db, t.admin, elsewhere.id)).customFields).toEqual({});
    expect((await getCustomer(t.db, t.admin, without.id)).customFields).toEqual({ industry: '零售' });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'custom_field.delete'));
    expect(audit.map((row) => row.data)).toEqual([{ key: 'store', clearedCustomers: 2 }]);
    await expect(deleteCustomField(t.db, t.admin, region.id)).rejects.toBeInstanceOf(NotFoundError);
    // The key is free again.
    await expect(createCustomField(t.db, t.admin, { key: 'store', labelZh: '门店', labelEn: 'Store', type: 'text' })).resolves.toMatchObject({ key: 'store' });
  });
});
