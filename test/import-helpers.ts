import { createHash } from 'node:crypto';
import type { CustomerRecord, MappedRow, SourceRow, SourceTable } from '../src/modules/imports/contract.js';
import { normalizePhone } from '../src/shared/phones.js';

/**
 * Test stand-ins for the file reader and row mapping (src/modules/imports/read, mapping),
 * for plain comma-separated UTF-8 without quotes: enough to drive the job engine.
 * Columns: name, phone, email, group, company.
 */
export function csvSource(text: string): SourceTable {
  const lines = text.trim().split('\n');
  const headers = lines[0]!.split(',');
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let i = 1; i < lines.length; i++) yield { line: i + 1, cells: lines[i]!.split(',') };
  }
  return { format: 'csv', headers, rows: rows() };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function mapSimpleRow(row: SourceRow): MappedRow<CustomerRecord> {
  const [name = '', phone = '', email = '', group = '', company = ''] = row.cells;
  const record: CustomerRecord = { name: name.trim(), phones: [], emails: [], groups: [], tags: [], customFields: {} };
  const errors: MappedRow<CustomerRecord>['errors'] = [];
  if (phone.trim()) {
    const normalized = normalizePhone(phone, 'CN');
    if (normalized) record.phones.push(normalized);
    else errors.push({ line: row.line, column: 'phone', value: phone, code: 'invalid_phone', message: { 'zh-CN': '不是有效的电话号码', 'en-US': 'is not a valid phone number' } });
  }
  if (email.trim()) record.emails.push(email.trim().toLowerCase());
  if (group.trim()) record.groups.push(group.trim());
  if (company.trim()) record.company = company.trim();
  return errors.length > 0 ? { line: row.line, errors } : { line: row.line, record, errors };
}
