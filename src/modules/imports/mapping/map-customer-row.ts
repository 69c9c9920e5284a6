import { z } from 'zod';
import type { ColumnMapping, CustomerRecord, CustomerTarget, CustomFieldDefinition, MappedRow, MappingContext, RowError, SourceRow } from '../contract.js';
import { customFieldValue } from './custom-field-value.js';
import { parseGender, parseStage, stageChoices } from './customer-values.js';
import { parseEmails, parsePhones } from './parse-contacts.js';
import { parseDate } from './parse-date.js';
import { cellValue } from './cell-value.js';
import { cellError, rowError } from './row-error.js';
import { textRules, type TextRule } from './text-rules.js';

const CJK = /[\u3400-\u9fff]/;
/** The two cells most rows hold, checked without allocating (same results as parsePhones / parseEmails). */
const PLAIN_MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = z.regexes.email;
type Column = { column: number; header: string; target: CustomerTarget; def?: CustomFieldDefinition; rule?: TextRule };

/** The mapping with each column's custom field and text rule looked up once, not per cell. */
const compiled = new WeakMap<ColumnMapping<CustomerTarget>, { customFields: readonly CustomFieldDefinition[]; columns: Column[] }>();

function compile(mapping: ColumnMapping<CustomerTarget>, context: MappingContext): Column[] {
  const known = compiled.get(mapping);
  if (known && known.customFields === context.customFields) return known.columns;
  const defs = new Map(context.customFields.map((def) => [def.key, def]));
  const columns: Column[] = [];
  for (const { column, header, target } of mapping) {
    if (target.startsWith('custom:')) {
      const def = defs.get(target.slice(7));
      if (def) columns.push({ column, header, target, def });
    } else {
      columns.push({ column, header, target, rule: textRules[target] });
    }
  }
  compiled.set(mapping, { customFields: context.customFields, columns });
  return columns;
}

function hasPhone(list: CustomerRecord['phones'], phone: CustomerRecord['phones'][number]): boolean {
  for (const known of list) if (known.number === phone.number && known.ext === phone.ext) return true;
  return false;
}

function splitList(cell: string): string[] {
  if (!/[,;，；、|\n]/.test(cell)) return [cell];
  return cell.split(/[,;，；、|\n]+/).map((item) => item.trim()).filter(Boolean);
}

let latestBirthday = { date: '', until: 0 };

/** Tomorrow in UTC, so a birthday of today is accepted in every time zone; recomputed hourly, not per row. */
function latestBirthdayDate(): string {
  const now = Date.now();
  if (now > latestBirthday.until) latestBirthday = { date: new Date(now + 86_400_000).toISOString().slice(0, 10), until: now + 3_600_000 };
  return latestBirthday.date;
}

/**
 * One source row as a customer record, every cell normalised (see docs/import-formats.md).
 * A row is all or nothing: if any mapped cell is invalid the row is refused with every
 * reason, so no value is silently dropped; empty cells are simply absent. A row needs a
 * name, a phone or an e-mail; without a name, the first phone or e-mail stands in.
 */
export function mapCustomerRow(row: SourceRow, mapping: ColumnMapping<CustomerTarget>, context: MappingContext): MappedRow<CustomerRecord> {
  const { line } = row;
  const errors: RowError[] = [];
  const record: CustomerRecord = { name: '', phones: [], emails: [], groups: [], tags: [], customFields: {} };
  let nameParts: string[] | undefined;

  for (const { column, header, target, def, rule } of compile(mapping, context)) {
    const value = cellValue(row.cells, column);
    if (def) {
      if (value === '') {
        if (def.required) errors.push(cellError(line, header, value, 'required', '必填', 'is required'));
        continue;
      }
      const result = customFieldValue(def, value);
      if ('value' in result) record.customFields[def.key] = result.value;
      else errors.push(cellError(line, header, value, result.code, result.zh, result.en));
      continue;
    }
    if (value === '') continue;
    if (rule && value.length > rule.max) {
      errors.push(cellError(line, header, value, 'too_long', `最多 ${rule.max} 个字符`, `must be at most ${rule.max} characters`));
      continue;
    }
    if (rule?.pattern && !rule.pattern.test(value)) {
      errors.push(cellError(line, header, value, rule.code!, rule.zh!, rule.en!));
      continue;
    }
    switch (target) {
      case 'name':
        if (record.name === '' && !nameParts) record.name = value;
        else (nameParts ??= [record.name]).push(value);
        break;
      case 'phone': {
        if (context.phoneRegion === 'CN' && PLAIN_MOBILE.test(value)) {
          const phone = { number: `+86${value}` };
          if (!hasPhone(record.phones, phone)) record.phones.push(phone);
          break;
        }
        const { phones, problems } = parsePhones(value, context.phoneRegion);
        for (const phone of phones) if (!hasPhone(record.phones, phone)) record.phones.push(phone);
        for (const problem of problems) {
          if (problem.code === 'phone_scientific') errors.push(cellError(line, header, value, problem.code, `"${problem.value}"是被 Excel 改成科学计数法的号码，原号码已丢失，请把该列设为文本后重新导出`, `"${problem.value}" is a number Excel turned into scientific notation; the digits are lost, format the column as text and export again`));
          else errors.push(cellError(line, header, value, problem.code, `"${problem.value}"不是有效的电话号码`, `"${problem.value}" is not a valid phone number`));
        }
        break;
      }
      case 'email': {
        const lower = value.toLowerCase();
        if (EMAIL.test(lower)) {
          if (!record.emails.includes(lower)) record.emails.push(lower);
          break;
        }
        const { emails, invalid } = parseEmails(value);
        for (const email of emails) if (!record.emails.includes(email)) record.emails.push(email);
        for (const bad of invalid) errors.push(cellError(line, header, value, 'email_invalid', `"${bad}"不是有效的电子邮件地址`, `"${bad}" is not a valid e-mail address`));
        break;
      }
      case 'birthday': {
        const parsed = parseDate(value);
        if (!parsed) errors.push(cellError(line, header, value, 'date_invalid', '不是可识别的日期（如 1990-05-01、1990年5月1日、5月1日、农历四月初七）', 'is not a date we can read (e.g. 1990-05-01, 1990/5/1, May 1, 1990, 农历四月初七)'));
        else if (parsed.date < '1900-01-01' || parsed.date > latestBirthdayDate()) errors.push(cellError(line, header, value, 'date_out_of_range', '生日须在 1900-01-01 与今天之间', 'a birthday must be between 1900-01-01 and today'));
        else {
          record.birthday = parsed.date;
          if (parsed.lunar) record.birthdayLunar = true;
          if (parsed.yearUnknown) record.birthdayYearUnknown = true;
        }
        break;
      }
      case 'gender': {
        const gender = parseGender(value);
        if (gender === undefined) errors.push(cellError(line, header, value, 'gender_invalid', '应为 男、女 或 其他', 'must be male, female or other (男/女, M/F)'));
        else if (gender !== null) record.gender = gender;
        break;
      }
      case 'stage': {
        const stage = parseStage(value);
        if (!stage) errors.push(cellError(line, header, value, 'stage_invalid', `可选：${stageChoices.zh}`, `must be one of: ${stageChoices.en}`));
        else record.stage = stage;
        break;
      }
      case 'note': record.note = record.note === undefined ? value : `${record.note}\n${value}`; break;
      case 'groups': case 'tags': {
        const list = record[target];
        for (const item of splitList(value)) {
          if (item.length > 32) errors.push(cellError(line, header, value, 'too_long', `"${item}"超过 32 个字符`, `"${item}" is longer than 32 characters`));
          else if (!list.includes(item)) list.push(item);
        }
        break;
      }
      case 'externalId': record.externalId = value.replace(/^(\d+)\.0+$/, '$1'); break;
      case 'company': case 'title': case 'address': case 'wechat': case 'qq': case 'region': case 'owner': case 'source': case 'intent':
        record[target] = value;
        break;
      default: break;
    }
  }

  if (nameParts) record.name = nameParts.join(CJK.test(nameParts.join('')) ? '' : ' ');
  if (errors.length > 0) return { line, errors };
  if (!record.name) {
    const stand = record.phones[0]?.number ?? record.emails[0];
    if (!stand) return { line, errors: [rowError(line, 'row_unidentified', '没有姓名、手机或邮箱，无法识别客户', 'No name, phone or e-mail: the customer cannot be identified')] };
    record.name = stand;
  }
  return { line, record, errors };
}
