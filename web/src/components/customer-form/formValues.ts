import type {
  Customer,
  CustomerInput,
  CustomFieldDef,
  CustomFieldValue,
  Email,
  Gender,
  ImportantDate,
  Phone,
  StageKey,
} from '../../api/types';

/** What the antd form holds; close to CustomerInput but with UI-friendly empties. */
export type CustomerFormValues = {
  name: string;
  gender?: Gender | null;
  birthday?: string | null;
  birthdayLunar?: boolean;
  phones?: Partial<Phone>[];
  emails?: Partial<Email>[];
  wechat?: string | null;
  qq?: string | null;
  company?: string | null;
  title?: string | null;
  address?: string | null;
  source?: string | null;
  ownerId?: string | null;
  region?: string | null;
  stage?: StageKey;
  intent?: string | null;
  tags?: string[];
  groupIds?: string[];
  importantDates?: Partial<ImportantDate>[];
  customFields?: Record<string, CustomFieldValue | undefined>;
};

/** Top-level names the form renders; server errors on other paths go to the summary alert. */
export const FORM_ROOTS: ReadonlySet<string> = new Set([
  'name', 'gender', 'birthday', 'birthdayLunar', 'phones', 'emails', 'wechat', 'qq',
  'company', 'title', 'address', 'source', 'ownerId', 'region', 'stage', 'intent', 'tags', 'groupIds',
  'importantDates', 'customFields',
]);

export const NEW_CUSTOMER_VALUES: CustomerFormValues = {
  name: '',
  stage: 'potential',
  phones: [{ label: '', number: '' }],
  emails: [],
  tags: [],
  groupIds: [],
  importantDates: [],
  birthdayLunar: false,
  customFields: {},
};

export function toFormValues(c: Customer): CustomerFormValues {
  return {
    name: c.name,
    gender: c.gender,
    birthday: c.birthday,
    birthdayLunar: c.birthdayLunar,
    phones: c.phones.map((p) => ({ ...p })),
    emails: c.emails.map((e) => ({ ...e })),
    wechat: c.wechat,
    qq: c.qq,
    company: c.company,
    title: c.title,
    address: c.address,
    source: c.source,
    ownerId: c.ownerId,
    region: c.region,
    stage: c.stage,
    intent: c.intent,
    tags: [...c.tags],
    groupIds: c.groups.map((g) => g.id),
    importantDates: c.importantDates.map((d) => ({ ...d })),
    customFields: { ...c.customFields },
  };
}

function text(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

function labelled<T extends { label?: string }>(label: string | undefined, rest: Omit<T, 'label'>): T {
  const l = text(label);
  return (l ? { label: l, ...rest } : rest) as T;
}

function customValue(def: CustomFieldDef, raw: CustomFieldValue | undefined): CustomFieldValue {
  if (raw === undefined || raw === null || raw === '') return null;
  if (def.type === 'multiselect') return Array.isArray(raw) && raw.length > 0 ? raw : null;
  if (def.type === 'number') return typeof raw === 'number' ? raw : Number(raw);
  return typeof raw === 'string' ? raw.trim() || null : raw;
}

/**
 * Removes wholly empty phone and e-mail rows. The form is then updated with the result
 * before sending, so the server's row indexes still match what the user sees.
 */
export function withoutEmptyRows(v: CustomerFormValues): CustomerFormValues {
  const blank = (s: string | undefined) => !s?.trim();
  return {
    ...v,
    phones: (v.phones ?? []).filter((p) => !(blank(p.label) && blank(p.number))),
    emails: (v.emails ?? []).filter((e) => !(blank(e.label) && blank(e.address))),
  };
}

/**
 * Rows are not dropped here, even empty ones: the server reports errors by index
 * ("phones.1.number") and those indexes must point at the rows the user sees.
 */
export function toCustomerInput(v: CustomerFormValues, defs: CustomFieldDef[]): CustomerInput {
  const customFields: Record<string, CustomFieldValue> = {};
  for (const def of defs) customFields[def.key] = customValue(def, v.customFields?.[def.key]);
  return {
    name: v.name.trim(),
    gender: v.gender ?? null,
    birthday: v.birthday ?? null,
    // The flag means nothing without a date, and the server would clear it anyway.
    birthdayLunar: Boolean(v.birthday) && Boolean(v.birthdayLunar),
    // Only label and number are accepted on input; an imported extension is kept by not
    // resending unchanged phones (see diffInput).
    phones: (v.phones ?? []).map((p) => labelled<Omit<Phone, 'ext'>>(p.label, { number: (p.number ?? '').trim() })),
    emails: (v.emails ?? []).map((e) => labelled<Email>(e.label, { address: (e.address ?? '').trim() })),
    wechat: text(v.wechat),
    qq: text(v.qq),
    company: text(v.company),
    title: text(v.title),
    address: text(v.address),
    source: text(v.source),
    ownerId: v.ownerId ?? null,
    region: text(v.region),
    ...(v.stage ? { stage: v.stage } : {}),
    intent: v.intent ?? null,
    tags: (v.tags ?? []).map((t) => t.trim()).filter(Boolean),
    groupIds: v.groupIds ?? [],
    importantDates: (v.importantDates ?? []).map((d) => ({
      label: (d.label ?? '').trim(),
      date: d.date ?? '',
      recurring: Boolean(d.recurring),
      lunar: Boolean(d.lunar),
    })),
    customFields,
  };
}

/** A new customer has no values to clear, so empty custom fields are simply not sent. */
export function withoutNullCustomFields(input: CustomerInput): CustomerInput {
  const entries = Object.entries(input.customFields ?? {}).filter(([, v]) => v !== null);
  return { ...input, customFields: Object.fromEntries(entries) };
}

/** Only the keys that changed, so an edit never overwrites a field someone else just set. */
export function diffInput(before: CustomerInput, after: CustomerInput): Partial<CustomerInput> {
  const patch: Partial<CustomerInput> = {};
  for (const key of Object.keys(after) as (keyof CustomerInput)[]) {
    if (key === 'customFields') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      Object.assign(patch, { [key]: after[key] });
    }
  }
  const changedCustom = Object.entries(after.customFields ?? {}).filter(
    ([k, v]) => JSON.stringify(before.customFields?.[k] ?? null) !== JSON.stringify(v),
  );
  // Whole object, not just the changed keys: the contract does not say whether PATCH merges
  // customFields or replaces them, and the full set is correct under either reading.
  if (changedCustom.length > 0) patch.customFields = after.customFields;
  return patch;
}
