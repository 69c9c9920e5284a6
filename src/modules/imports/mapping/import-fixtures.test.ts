import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CustomerRecord, CustomFieldDefinition, MappingContext, OrderRecord, RowError } from '../contract.js';
import { openSource } from '../read/open-source.js';
import { detectCustomerMapping } from './detect-customer-mapping.js';
import { detectOrderMapping } from './detect-order-mapping.js';
import { mapCustomerRow } from './map-customer-row.js';
import { mapOrderRow } from './map-order-row.js';

/*
 * Each fixture is a file as a real program saves it (see test/fixtures/imports/README.md).
 * The expected records and errors are written by hand from what the files contain.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/imports/${name}`, import.meta.url));

const customFields: CustomFieldDefinition[] = [
  { key: 'member_level', labelZh: '会员等级', labelEn: 'Member level', type: 'select', options: ['金卡', '银卡'], required: false, maxLength: null },
  { key: 'annual_budget', labelZh: '年度预算', labelEn: 'Annual Budget', type: 'number', options: [], required: false, maxLength: null },
];
const context: MappingContext = { phoneRegion: 'CN', timeZone: 'Asia/Shanghai', customFields };

function customer(fields: Partial<CustomerRecord> & { name: string }): CustomerRecord {
  return { phones: [], emails: [], groups: [], tags: [], customFields: {}, ...fields };
}

type Outcome<Record> = { records: { line: number; record: Record }[]; errors: Pick<RowError, 'line' | 'column' | 'value' | 'code'>[] };

async function importCustomers(name: string, options: Parameters<typeof openSource>[1] = {}): Promise<Outcome<CustomerRecord> & { encoding?: string; headers: string[] }> {
  const table = await openSource(fixture(name), options);
  const mapping = detectCustomerMapping(table.headers, customFields);
  const outcome: Outcome<CustomerRecord> = { records: [], errors: [] };
  for await (const row of table.rows) {
    const mapped = mapCustomerRow(row, mapping, context);
    if (mapped.record) outcome.records.push({ line: mapped.line, record: mapped.record });
    for (const error of mapped.errors) {
      expect(error.message['zh-CN']).not.toBe('');
      expect(error.message['en-US']).not.toBe('');
      outcome.errors.push({ line: error.line, column: error.column, value: error.value, code: error.code });
    }
  }
  return { ...outcome, encoding: table.encoding, headers: table.headers };
}

describe('GBK CSV saved by Chinese Excel', () => {
  it('is detected as GB18030 and imports every valid row, refusing the broken ones with their line', async () => {
    const result = await importCustomers('customers-excel-gbk.csv');
    expect(result.encoding).toBe('gb18030');
    expect(result.headers[0]).toBe('客户名称');
    expect(result.records).toEqual([
      { line: 2, record: customer({ name: '张三', phones: [{ number: '+8613800138000' }], emails: ['zhangsan@example.com'], birthday: '1985-03-12', company: '北京星辰科技有限公司', title: '销售总监', address: '北京市朝阳区建国路88号,2号楼', note: '老客户，转介绍', groups: ['VIP'], stage: 'current' }) },
      { line: 3, record: customer({ name: '李四', phones: [{ number: '+8613912345678' }, { number: '+8657188881234', ext: '806' }], emails: ['lisi@example.cn'], birthday: '1990-05-01', company: '杭州西湖贸易公司', title: '经理', address: '浙江省杭州市西湖区文三路1号', note: '喜欢喝龙井\n每年春节送礼', groups: ['VIP', '华东'], stage: 'potential' }) },
      { line: 6, record: customer({ name: '赵六', phones: [{ number: '+8618600001111' }], birthday: '1988-09-25', birthdayLunar: true, company: '深圳市腾达电子', title: '工程师', stage: 'loyal' }) },
    ]);
    expect(result.errors).toEqual([
      { line: 5, column: '手机', value: '12345', code: 'phone_invalid' },
      { line: 5, column: '电子邮件', value: 'wangwu@example', code: 'email_invalid' },
      { line: 5, column: '生日', value: '1992-13-45', code: 'date_invalid' },
      { line: 7, column: undefined, value: undefined, code: 'row_unidentified' },
    ]);
  });

  it('reads garbage when told the wrong encoding, so the option really overrides detection', async () => {
    await expect(importCustomers('customers-excel-gbk.csv', { encoding: 'utf-8' })).resolves.toMatchObject({ encoding: 'utf-8' });
    const forced = await openSource(fixture('customers-excel-gbk.csv'), { encoding: 'utf-8' });
    expect(forced.headers[0]).not.toBe('客户名称');
  });
});

describe('UTF-8 CSV with a BOM and English headers', () => {
  it('maps English headers and custom fields, and refuses bad dates, options and numbers', async () => {
    const result = await importCustomers('customers-utf8-bom.csv');
    expect(result.encoding).toBe('utf-8');
    expect(result.headers[0]).toBe('Name');
    expect(result.records).toEqual([
      { line: 2, record: customer({ name: 'Li Lei', phones: [{ number: '+8613800138000' }], emails: ['lilei@example.com'], birthday: '1904-05-01', birthdayYearUnknown: true, company: 'Acme Ltd', title: 'CTO', gender: 'male', tags: ['tech', 'early adopter'], wechat: 'lilei_88', qq: '123456789', region: '华东', owner: 'alice', source: 'Trade show', externalId: 'C-001', customFields: { member_level: '金卡', annual_budget: 50000 } }) },
      { line: 3, record: customer({ name: 'Han Meimei', phones: [{ number: '+8613900001111' }, { number: '+8613900002222' }], emails: ['han@example.com', 'meimei@work.cn'], birthday: '1990-05-01', company: 'Beta Inc', gender: 'female', region: '华南', owner: 'bob', source: 'Website', externalId: 'C-002', customFields: { member_level: '银卡', annual_budget: 12000.5 } }) },
      { line: 5, record: customer({ name: 'Lucy', phones: [{ number: '+8613700003333' }], birthday: '1990-12-08', gender: 'female', externalId: 'C-004' }) },
    ]);
    expect(result.errors).toEqual([
      { line: 4, column: 'Birthday', value: '1990-02-30', code: 'date_invalid' },
      { line: 4, column: '会员等级', value: '钻石卡', code: 'invalid_option' },
      { line: 4, column: 'Annual Budget', value: 'abc', code: 'not_a_number' },
      { line: 6, column: 'Mobile', value: '1.38001E+10', code: 'phone_scientific' },
    ]);
  });
});

describe('Android vCard 2.1', () => {
  it('decodes QUOTED-PRINTABLE UTF-8 and GBK names, skips the photo, refuses the broken cards at their BEGIN line', async () => {
    const result = await importCustomers('android-contacts-2.1.vcf');
    expect(result.records).toEqual([
      { line: 1, record: customer({ name: '张三', phones: [{ number: '+8613800138000' }, { number: '+861062345678' }], emails: ['zhangsan@example.com'], birthday: '1985-03-12', company: '星辰科技', title: '经理', address: '北京市建国路88号', note: '老客户，每年春节送礼品。喜欢普洱茶，不喝咖啡；生日前一周提醒销售准备贺卡和小礼物。' }) },
      { line: 63, record: customer({ name: '李四', phones: [{ number: '+8613912345678' }, { number: '+8657188881234' }] }) },
    ]);
    expect(result.errors).toEqual([
      { line: 70, column: '手机', value: '12345', code: 'phone_invalid' },
      { line: 76, column: undefined, value: undefined, code: 'row_unidentified' },
    ]);
  });
});

describe('iPhone vCard 3.0', () => {
  it('unfolds lines, reads itemN properties, year-less birthdays and escapes, and refuses a bad e-mail', async () => {
    const result = await importCustomers('iphone-contacts-3.0.vcf');
    expect(result.records).toEqual([
      { line: 1, record: customer({ name: '李小龙', phones: [{ number: '+8613912345678' }, { number: '+862168881234' }, { number: '+14085550100' }], emails: ['xiaolong.li@icloud.com', 'xiaolong.li@longteng.cn'], birthday: '1988-07-15', company: '龙腾文化传媒有限公司 市场部', title: '市场总监', address: '中国上海上海市淮海中路 100 号', note: '2019 年展会认识，对年度套餐感兴趣, 下次拜访前先电话联系。\n周末不要打电话。' }) },
      { line: 74, record: customer({ name: 'John Appleseed', phones: [{ number: '+14085550123' }], emails: ['john.appleseed@example.com'], birthday: '1904-05-01', birthdayYearUnknown: true, address: '1 Infinite Loop, Cupertino, CA 95014, United States' }) },
    ]);
    expect(result.errors).toEqual([{ line: 85, column: '邮箱', value: 'zhoujie.at.qq.com', code: 'email_invalid' }]);
  });
});

describe('vCard 4.0', () => {
  it('reads tel: URIs with extensions, CATEGORIES as groups and --MMDD birthdays', async () => {
    const result = await importCustomers('contacts-4.0.vcf');
    expect(result.records).toEqual([
      { line: 1, record: customer({ name: '陈静', phones: [{ number: '+8613700003333' }, { number: '+861062345678', ext: '102' }], emails: ['chenjing@example.org'], birthday: '1904-05-01', birthdayYearUnknown: true, groups: ['VIP', '华东客户'], note: '多行备注\n第二行' }) },
    ]);
    expect(result.errors).toEqual([{ line: 12, column: '生日', value: '1990-02-30', code: 'date_invalid' }]);
  });
});

describe('XLSX with a customer sheet and an order sheet', () => {
  it('reads the first sheet by default: rich text flattened, a numeric phone in full, date cells and formula results as dates', async () => {
    const result = await importCustomers('customers-and-orders.xlsx');
    expect(result.records).toEqual([
      { line: 2, record: customer({ name: '刘备', phones: [{ number: '+8613800138000' }], birthday: '1980-06-15', company: '蜀汉集团', note: '老客户' }) },
      { line: 3, record: customer({ name: '关羽', phones: [{ number: '+8613900139000' }], birthday: '1982-07-20', company: '桃园结义' }) },
      { line: 6, record: customer({ name: '赵云', phones: [{ number: '+8613700137000' }], birthday: '1985-03-01', note: 'VIP' }) },
    ]);
    expect(result.errors).toEqual([
      { line: 5, column: '手机', value: '12345', code: 'phone_invalid' },
      { line: 5, column: '生日', value: 'not a date', code: 'date_invalid' },
    ]);
  });

  it('lists both sheets and reads orders from the second by name or position, amounts exact', async () => {
    for (const sheet of ['订单', '2']) {
      const table = await openSource(fixture('customers-and-orders.xlsx'), { sheet });
      expect(table.sheets).toEqual(['客户', '订单']);
      expect(table.sheet).toBe('订单');
      const mapping = detectOrderMapping(table.headers);
      const records: { line: number; record: OrderRecord }[] = [];
      const errors: Pick<RowError, 'line' | 'column' | 'code'>[] = [];
      for await (const row of table.rows) {
        const mapped = mapOrderRow(row, mapping, context);
        if (mapped.record) records.push({ line: mapped.line, record: mapped.record });
        errors.push(...mapped.errors.map(({ line, column, code }) => ({ line, column, code })));
      }
      expect(records).toEqual([
        { line: 2, record: { orderExternalId: 'SO-001', customerPhone: '+8613800138000', orderedAt: '2024-03-01T02:30:00.000Z', description: '茶叶礼盒', item: { name: '茶叶礼盒', quantity: 2, unitPrice: '128.50' }, amount: '257.00' } },
        { line: 3, record: { orderExternalId: 'SO-002', customerPhone: '+8613900139000', orderedAt: '2024-03-02T06:00:00.000Z', description: '月饼', item: { name: '月饼', quantity: 3, unitPrice: '0.10' }, amount: '0.30' } },
      ]);
      expect(errors).toEqual([{ line: 4, column: undefined, code: 'customer_missing' }]);
    }
  });

  it('names the sheets when the one asked for does not exist', async () => {
    await expect(openSource(fixture('customers-and-orders.xlsx'), { sheet: '联系人' })).rejects.toMatchObject({ code: 'sheet_not_found', details: { sheets: ['客户', '订单'] } });
  });
});
