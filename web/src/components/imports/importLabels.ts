import { CUSTOMER_TARGETS, ORDER_TARGETS, type ImportKind, type PreviewRow } from '../../api/imports';
import type { CustomFieldDef, Locale } from '../../api/types';
import type { MessageKey, Translate } from '../../i18n/messages';
import { formatDateTime } from '../../lib/dates';
import type { Labels } from '../../queries/labels';

export type TargetOption = { value: string; label: string };

/** What a column can be imported into, standard fields first, then (customers) the custom fields. */
export function targetGroups(kind: ImportKind, t: Translate, locale: Locale, customFields: CustomFieldDef[]) {
  const standard = (kind === 'customers' ? CUSTOMER_TARGETS : ORDER_TARGETS).map((target) => ({ value: target, label: targetLabel(target, t, locale, customFields) }));
  const custom = kind === 'customers' ? customFields.map((field) => ({ value: `custom:${field.key}`, label: locale === 'zh-CN' ? field.labelZh : field.labelEn })) : [];
  return { standard, custom };
}

export function targetLabel(target: string, t: Translate, locale: Locale, customFields: CustomFieldDef[]): string {
  if (target.startsWith('custom:')) {
    const field = customFields.find((f) => `custom:${f.key}` === target);
    return field ? (locale === 'zh-CN' ? field.labelZh : field.labelEn) : target.slice(7);
  }
  return t(`imp.target.${target}` as MessageKey);
}

type Phone = { number: string; ext?: string };
const joinList = (value: unknown) => (Array.isArray(value) ? value.map(String).join('、') : value === undefined || value === null ? '' : String(value));

/** A preview record's value for one target, written the way it will be stored (E.164 phones, ISO dates). */
export function storedValue(record: Record<string, unknown> | undefined, target: string, t: Translate, labels: Labels): string {
  if (!record) return '';
  if (target.startsWith('custom:')) return joinList((record.customFields as Record<string, unknown> | undefined)?.[target.slice(7)]);
  switch (target) {
    case 'phone':
      return ((record.phones as Phone[] | undefined) ?? []).map((p) => (p.ext ? `${p.number} 转 ${p.ext}` : p.number)).join('; ');
    case 'email':
      return ((record.emails as string[] | undefined) ?? []).join('; ');
    case 'birthday': {
      const date = record.birthday as string | undefined;
      if (!date) return '';
      const shown = record.birthdayYearUnknown ? date.slice(5) : date;
      return record.birthdayLunar ? `${shown}（${t('lunar.marker')}）` : shown;
    }
    case 'gender':
      return record.gender ? t(`gender.${String(record.gender)}` as MessageKey) : '';
    case 'orderedAt':
      // An instant; shown in this browser's time zone, as the order lists show it.
      return record.orderedAt ? formatDateTime(String(record.orderedAt)) : '';
    case 'stage':
      return record.stage ? labels.stage(String(record.stage)) : '';
    case 'quantity':
    case 'unitPrice': {
      const item = record.item as { quantity: number; unitPrice: string } | undefined;
      return item ? String(item[target]) : '';
    }
    default:
      return joinList(record[target]);
  }
}
