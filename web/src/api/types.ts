/**
 * Shapes of the JSON the server sends and accepts (see the API contract in the brief).
 * Kept by hand rather than generated because the web build must not import server code.
 */
export type Locale = 'zh-CN' | 'en-US';
export type LocalizedLabel = Record<Locale, string>;

export type Role = 'admin' | 'manager' | 'staff';
export type User = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regions: string[];
  locale: string;
  email?: string | null;
  disabled?: boolean;
};

export type StageKey = 'non_customer' | 'potential' | 'target' | 'current' | 'loyal' | 'churned';
/** Kinds a person records by hand; the server adds 'purchase' and 'system' entries itself. */
export const MANUAL_INTERACTION_KINDS = ['note', 'call', 'visit', 'meeting', 'email', 'sms', 'wechat', 'complaint'] as const;
export type ManualInteractionKind = (typeof MANUAL_INTERACTION_KINDS)[number];
export type InteractionKind = ManualInteractionKind | 'purchase' | 'system';
export type InvestmentKind = 'gift' | 'discount' | 'service_hours' | 'other';
export type Gender = 'male' | 'female' | 'other';

export type Meta = {
  stages: { key: StageKey; label: LocalizedLabel }[];
  intentLevels: { key: string; labelZh: string; labelEn: string; rank: number }[];
  interactionKinds: { key: InteractionKind; label: LocalizedLabel }[];
  investmentKinds: { key: InvestmentKind; label: LocalizedLabel }[];
};

export type Phone = { label?: string; number: string; ext?: string };
export type Email = { label?: string; address: string };
export type GroupRef = { id: string; name: string; color: string | null };
export type ImportantDate = { label: string; date: string; recurring: boolean; lunar: boolean };
export type CustomFieldValue = string | number | string[] | null;

export type CustomerSummary = {
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  phones: Phone[];
  emails: Email[];
  stage: StageKey;
  intent: string | null;
  region: string | null;
  ownerId: string | null;
  ownerName: string | null;
  tags: string[];
  groups: GroupRef[];
  /** Solar date of birth. */
  birthday: string | null;
  /** The customer celebrates the lunar birthday; the server derives its month and day. */
  birthdayLunar: boolean;
  /** e.g. 闰五月初三, present when birthdayLunar is set. */
  birthdayLunarText: string | null;
  createdAt: string;
  updatedAt: string;
};

export type StageChange = {
  fromStage: StageKey | null;
  toStage: StageKey;
  reason: string | null;
  userId: string | null;
  userName: string | null;
  at: string;
};

export type Customer = CustomerSummary & {
  gender: Gender | null;
  wechat: string | null;
  qq: string | null;
  address: string | null;
  source: string | null;
  importantDates: ImportantDate[];
  customFields: Record<string, CustomFieldValue>;
  version: number;
  stageHistory: StageChange[];
};

export type CustomerInput = {
  name: string;
  gender?: Gender | null;
  birthday?: string | null;
  birthdayLunar?: boolean;
  phones?: Omit<Phone, 'ext'>[];
  emails?: Email[];
  wechat?: string | null;
  qq?: string | null;
  company?: string | null;
  title?: string | null;
  address?: string | null;
  source?: string | null;
  ownerId?: string | null;
  region?: string | null;
  stage?: StageKey;
  stageReason?: string;
  intent?: string | null;
  tags?: string[];
  groupIds?: string[];
  importantDates?: ImportantDate[];
  customFields?: Record<string, CustomFieldValue>;
};

/** PATCH body: any subset, plus the version the edit started from (409 if it moved on). */
export type CustomerPatch = Partial<CustomerInput> & { expectedVersion?: number };

export type CustomerSort = '-updated' | 'updated' | 'name' | '-name' | '-created' | 'created';

export type CustomerListQuery = {
  q?: string;
  stage?: string[];
  group?: string[];
  tag?: string[];
  owner?: string;
  region?: string;
  email?: string;
  /** Scores of the latest analysis run (comma-joined by the client). */
  valueTier?: string[];
  rfmSegment?: string[];
  riskLevel?: string[];
  sort?: CustomerSort;
  limit?: number;
  cursor?: string | null;
};

export type CustomerPage = {
  items: CustomerSummary[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
};

export type Interaction = {
  id: string;
  customerId: string;
  kind: InteractionKind;
  channel: string | null;
  occurredAt: string;
  authorId: string | null;
  authorName: string | null;
  subject: string | null;
  bodyHtml: string;
  bodyText: string;
  /** Links from system entries to their source, e.g. { orderId } on a purchase. */
  data?: Record<string, unknown>;
  createdAt: string;
};

export type InteractionInput = {
  kind: ManualInteractionKind;
  channel?: string | null;
  /** ISO date-time with offset; the server defaults to now. */
  occurredAt?: string;
  subject?: string | null;
  bodyHtml: string;
};

export type TimelinePage = { items: Interaction[]; nextCursor: string | null };

export type OrderItem = { name: string; quantity: number; unitPrice: string };
export type Order = {
  id: string;
  customerId: string;
  orderedAt: string;
  /** Negative for a refund. */
  amount: string;
  cost: string | null;
  currency: string;
  description: string | null;
  channel: string | null;
  items: OrderItem[];
  createdAt?: string;
};
export type OrderTotals = {
  count: number;
  revenue: string;
  cost: string;
  margin: string;
  /** More than one means the sums mix currencies. */
  currencies?: string[];
};
export type OrderPage = { items: Order[]; nextCursor: string | null; totals: OrderTotals };
export type OrderInput = {
  orderedAt: string;
  amount: string;
  cost?: string | null;
  description?: string | null;
  channel?: string | null;
};

export type Investment = {
  id: string;
  customerId: string;
  kind: InvestmentKind;
  occurredAt: string;
  cost: string;
  /** Decimal string. */
  hours: string | null;
  description: string | null;
};
export type InvestmentTotals = { count: number; cost: string; hours: string };
export type InvestmentPage = { items: Investment[]; nextCursor: string | null; totals: InvestmentTotals };
export type InvestmentInput = {
  kind: InvestmentKind;
  occurredAt: string;
  cost: string;
  /** Required for service_hours. */
  hours?: string | null;
  description?: string | null;
};

export type Group = {
  id: string;
  name: string;
  color: string | null;
  description: string | null;
  customerCount: number;
};
/** color is '#rrggbb' or null. */
export type GroupInput = { name: string; color?: string | null; description?: string | null };

export type TagCount = { tag: string; count: number };

export type CustomFieldType = 'text' | 'number' | 'date' | 'select' | 'multiselect';
export type CustomFieldDef = {
  id: string;
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  maxLength?: number | null;
  position: number;
};

export type Items<T> = { items: T[] };
