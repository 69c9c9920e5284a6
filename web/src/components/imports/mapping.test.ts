import { describe, expect, it } from 'vitest';
import type { ImportPreset } from '../../api/imports';
import { applyPreset, mappingProblem } from './mapping';

const preset = (mapping: ImportPreset['mapping']): ImportPreset => ({ id: 'p', kind: 'customers', name: '通讯录', mapping, options: {}, updatedAt: '2026-01-01T00:00:00Z' });

describe('import mapping in the web wizard', () => {
  it('applies a preset by header, whatever the column order, and names the headers the file lacks', () => {
    const saved = preset([
      { column: 0, header: '姓名', target: 'name' },
      { column: 1, header: '手机', target: 'phone' },
      { column: 2, header: 'Email', target: 'email' },
      { column: 3, header: '微信', target: 'wechat' },
    ]);
    expect(applyPreset(saved, ['手机', ' email ', '公司', '姓名'])).toEqual({
      mapping: [
        { column: 0, header: '手机', target: 'phone' },
        { column: 1, header: ' email ', target: 'email' },
        { column: 3, header: '姓名', target: 'name' },
      ],
      missing: ['微信'],
    });
  });

  it('maps repeated headers to distinct columns, the preset\'s own position first', () => {
    const saved = preset([
      { column: 2, header: '手机', target: 'phone' },
      { column: 1, header: '手机', target: 'custom:backup_phone' },
    ]);
    expect(applyPreset(saved, ['姓名', '手机', '手机']).mapping).toEqual([
      { column: 1, header: '手机', target: 'custom:backup_phone' },
      { column: 2, header: '手机', target: 'phone' },
    ]);
    expect(applyPreset(saved, ['手机']).missing).toEqual(['手机']);
  });

  it('says what a mapping lacks before an import can start', () => {
    const column = (target: string, n = 0) => ({ column: n, header: target, target });
    expect(mappingProblem('customers', [])).toBe('imp.noMapping');
    expect(mappingProblem('customers', [column('company')])).toBe('imp.nameOrKey');
    expect(mappingProblem('customers', [column('email')])).toBeNull();
    expect(mappingProblem('orders', [column('customerPhone'), column('orderedAt', 1)])).toBe('imp.orderKey');
    expect(mappingProblem('orders', [column('customerPhone'), column('orderedAt', 1), column('quantity', 2)])).toBe('imp.orderKey');
    expect(mappingProblem('orders', [column('customerExternalId'), column('orderedAt', 1), column('quantity', 2), column('unitPrice', 3)])).toBeNull();
    expect(mappingProblem('orders', [column('customerEmail'), column('orderedAt', 1), column('amount', 2)])).toBeNull();
  });
});
