import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, CustomerTarget, CustomFieldDefinition, MappingContext, OrderTarget } from '../contract.js';
import { openSource } from '../read/open-source.js';
import { detectOrderMapping } from './detect-order-mapping.js';
import { mapCustomerRow } from './map-customer-row.js';
import { mapOrderRow } from './map-order-row.js';

const fields: CustomFieldDefinition[] = [
  { key: 'hobbies', labelZh: '爱好', labelEn: 'Hobbies', type: 'multiselect', options: ['茶', '高尔夫', 'Golf'], required: false, maxLength: null },
  { key: 'vip_since', labelZh: '入会日期', labelEn: 'VIP since', type: 'date', options: [], required: false, maxLength: null },
  { key: 'code', labelZh: '代码', labelEn: 'Code', type: 'text', options: [], required: true, maxLength: 4 },
];
const context: MappingContext = { phoneRegion: 'CN', timeZone: 'Asia/Shanghai', customFields: fields };
const columns = <T extends string>(...targets: [string, T][]): ColumnMapping<T> => targets.map(([header, target], column) => ({ column, header, target }));

describe('mapCustomerRow', () => {
  const mapping = columns<CustomerTarget>(['姓名', 'name'], ['手机', 'phone'], ['电话', 'phone'], ['性别', 'gender'], ['阶段', 'stage'], ['爱好', 'custom:hobbies'], ['入会', 'custom:vip_since'], ['代码', 'custom:code']);

  it('merges phones from several columns without repeats, splits on every separator, keeps extensions', () => {
    const row = { line: 9, cells: ['周', '13800138000 13900139000、+86 137-0000-1111', '138 0013 8000，0571-8888 1234 分机 12', '女士', 'Loyal', '茶;golf', '2020/1/2', 'A1'] };
    expect(mapCustomerRow(row, mapping, context)).toEqual({
      line: 9,
      errors: [],
      record: {
        name: '周', emails: [], groups: [], tags: [], gender: 'female', stage: 'loyal',
        phones: [{ number: '+8613800138000' }, { number: '+8613900139000' }, { number: '+8613700001111' }, { number: '+8657188881234', ext: '12' }],
        customFields: { hobbies: ['茶', 'Golf'], vip_since: '2020-01-02', code: 'A1' },
      },
    });
  });

  it('refuses the whole row, with every reason, when any mapped cell is invalid', () => {
    const row = { line: 4, cells: ['吴', '13800138000', '', '不男不女', '老板', '茶,滑雪', '明天', ''] };
    const result = mapCustomerRow(row, mapping, context);
    expect(result.record).toBeUndefined();
    expect(result.errors.map(({ column, value, code }) => ({ column, value, code }))).toEqual([
      { column: '性别', value: '不男不女', code: 'gender_invalid' },
      { column: '阶段', value: '老板', code: 'stage_invalid' },
      { column: '爱好', value: '茶,滑雪', code: 'invalid_option' },
      { column: '入会', value: '明天', code: 'invalid_date' },
      { column: '代码', value: '', code: 'required' },
    ]);
    expect(result.errors[1]!.message).toEqual({ 'zh-CN': '阶段：可选：非客户、潜在客户、目标客户、现实客户、忠诚客户、流失客户', 'en-US': '阶段: must be one of: Non-customer, Potential, Target, Current, Loyal, Churned' });
  });

  it('uses the phone as the name when a row has no name, and refuses future birthdays', () => {
    const simple = columns<CustomerTarget>(['姓名', 'name'], ['手机', 'phone'], ['生日', 'birthday']);
    const noCodeContext = { ...context, customFields: [] };
    expect(mapCustomerRow({ line: 2, cells: ['', '13800138000', ''] }, simple, noCodeContext).record?.name).toBe('+8613800138000');
    expect(mapCustomerRow({ line: 3, cells: ['A', '', '2999-01-01'] }, simple, noCodeContext).errors.map((error) => error.code)).toEqual(['date_out_of_range']);
    expect(mapCustomerRow({ line: 4, cells: ['A', '', '1899-12-31'] }, simple, noCodeContext).errors.map((error) => error.code)).toEqual(['date_out_of_range']);
  });

  it('reads NULL, nan, N/A and dashes as empty cells, not as values to refuse', () => {
    const simple = columns<CustomerTarget>(['姓名', 'name'], ['手机', 'phone'], ['邮箱', 'email'], ['生日', 'birthday']);
    expect(mapCustomerRow({ line: 2, cells: ['张三', 'NULL', 'nan', '#N/A'] }, simple, { ...context, customFields: [] })).toEqual({
      line: 2, errors: [], record: { name: '张三', phones: [], emails: [], groups: [], tags: [], customFields: {} },
    });
    expect(mapCustomerRow({ line: 3, cells: ['-', '—', 'none', ''] }, simple, { ...context, customFields: [] }).errors.map((error) => error.code)).toEqual(['row_unidentified']);
  });

  it('checks the limits the customers module enforces', () => {
    const simple = columns<CustomerTarget>(['姓名', 'name'], ['微信', 'wechat'], ['QQ', 'qq'], ['标签', 'tags']);
    const result = mapCustomerRow({ line: 5, cells: ['名'.repeat(101), '微信 号', '12', 'x'.repeat(33)] }, simple, { ...context, customFields: [] });
    expect(result.errors.map((error) => [error.column, error.code])).toEqual([['姓名', 'too_long'], ['微信', 'wechat_invalid'], ['QQ', 'qq_invalid'], ['标签', 'too_long']]);
  });
});

describe('mapOrderRow', () => {
  const uci = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
  const mapping = detectOrderMapping(uci);
  const london: MappingContext = { phoneRegion: 'GB', timeZone: 'Europe/London', customFields: [] };

  it('turns a UCI line item into an exact amount, and a cancellation into a negative one', () => {
    expect(mapOrderRow({ line: 2, cells: ['536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', '6', '2010-12-01 08:26:00', '2.55', '17850.0', 'United Kingdom'] }, mapping, london)).toEqual({
      line: 2,
      errors: [],
      record: { orderExternalId: '536365', customerExternalId: '17850', description: 'WHITE HANGING HEART T-LIGHT HOLDER', orderedAt: '2010-12-01T08:26:00.000Z', amount: '15.30', item: { name: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: '2.55' } },
    });
    expect(mapOrderRow({ line: 3, cells: ['C536379', 'D', 'Discount', '-1', '2010-12-01 09:41:00', '27.50', '14527.0', 'United Kingdom'] }, mapping, london).record).toMatchObject({ amount: '-27.50', item: { quantity: -1 } });
    expect(mapOrderRow({ line: 4, cells: ['1', 'X', 'Tiny', '3', '2011-01-01 10:00', '0.001', '1.0', 'UK'] }, mapping, london).record).toMatchObject({ amount: '0.00', item: { unitPrice: '0.001' } });
  });

  it('refuses rows without a customer, with a negative price or a zero quantity', () => {
    const codes = (cells: string[]) => mapOrderRow({ line: 5, cells }, mapping, london).errors.map((error) => error.code);
    expect(codes(['536414', '22139', '', '56', '2010-12-01 11:52:00', '0', '', 'United Kingdom'])).toEqual(['customer_missing']);
    expect(codes(['A563185', 'B', 'Adjust bad debt', '1', '2011-08-12 14:50:00', '-11062.06', '17850.0', 'United Kingdom'])).toEqual(['price_invalid']);
    expect(codes(['1', 'X', 'Y', '0', '2010-12-01 11:52:00', '1', '17850.0', 'UK'])).toEqual(['quantity_invalid']);
    expect(codes(['1', 'X', 'Y', '1', '2010-13-01 11:52:00', '1', '17850.0', 'UK'])).toEqual(['time_invalid']);
  });

  it('takes an amount column as written, zero included, refusing text, a missing amount and more than two decimals', () => {
    const shop = columns<OrderTarget>(['手机', 'customerPhone'], ['时间', 'orderedAt'], ['金额', 'amount'], ['成本', 'cost']);
    const codes = (line: number, cells: string[]) => mapOrderRow({ line, cells }, shop, context).errors.map((error) => error.code);
    expect(mapOrderRow({ line: 2, cells: ['13800138000', '2024-05-01 10:00', '¥1,288.50', '600'] }, shop, context).record).toEqual({ customerPhone: '+8613800138000', orderedAt: '2024-05-01T02:00:00.000Z', amount: '1288.50', cost: '600.00' });
    // A free sample, a gift or a fully discounted order is a real order of 0.00.
    for (const zero of ['0', '0.00', '¥0', '-0']) {
      expect(mapOrderRow({ line: 3, cells: ['13800138000', '2024-05-01', zero, ''] }, shop, context), zero).toEqual({
        line: 3, errors: [], record: { customerPhone: '+8613800138000', orderedAt: '2024-04-30T16:00:00.000Z', amount: '0.00' },
      });
    }
    expect(codes(4, ['13800138000', '2024-05-01', '1.234', '-1'])).toEqual(['amount_invalid', 'cost_invalid']);
    expect(codes(5, ['13800138000', '2024-05-01', 'free', ''])).toEqual(['amount_invalid']);
    expect(codes(6, ['13800138000', '2024-05-01', '', ''])).toEqual(['amount_missing']);
  });

  const retail = fileURLToPath(new URL('../../../../../shared/data/online-retail.csv.gz', import.meta.url));
  it.skipIf(!existsSync(retail))('reads the real UCI Online Retail file: the first invoice comes out as seven exact line items', async () => {
    const table = await openSource(retail);
    const detected = detectOrderMapping(table.headers);
    const amounts: string[] = [];
    for await (const row of table.rows) {
      const mapped = mapOrderRow(row, detected, london);
      if (mapped.record?.orderExternalId !== '536365') break;
      amounts.push(mapped.record.amount);
    }
    // 6 × 2.55, 6 × 3.39, 8 × 2.75, 6 × 3.39, 6 × 3.39, 2 × 7.65, 6 × 4.25
    expect(amounts).toEqual(['15.30', '20.34', '22.00', '20.34', '20.34', '15.30', '25.50']);
  });
});
