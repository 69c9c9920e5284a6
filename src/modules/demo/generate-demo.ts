import { contactKeys } from '../customers/prepare-customer-write.js';
import { buildSearchFields, namePinyin } from '../customers/search-fields.js';
import type { Email, ImportantDate, Phone, Stage } from '../customers/schema.js';
import type { OrderItem } from '../orders/schema.js';
import {
  englishGivenNames,
  femaleChars,
  femaleGivenNames,
  foreignSurnames,
  maleChars,
  maleGivenNames,
  surnamePinyin,
  surnames,
  westernSurnameKeys,
} from './chinese-names.js';
import { leapMonthBirthDate, solarDate } from './dates.js';
import { mixSeed, Rng, seededUuidV7, Weighted } from './random.js';
import { buildings, cities, residentialCompounds, salesRegions, streets, type City } from './regions.js';
import {
  churnReasons,
  companySuffixes,
  companyWords,
  complaintTexts,
  groupDefs,
  importantDateLabels,
  interactionTemplates,
  investmentTemplates,
  mobilePrefixes,
  nonCustomerReasons,
  orderChannels,
  personalEmailDomains,
  products,
  sources,
  tagNames,
  titles,
  trades,
} from './vocabulary.js';

/**
 * A deterministic demo company: for the same (size, seed, referenceDate) every call
 * yields exactly the same users, groups, customers and their history, ids included.
 * Customer i depends only on (seed, i), so any slice can be generated on its own and
 * nothing needs to be held in memory across customers.
 */

export const DEFAULT_REFERENCE_DATE = '2026-11-01';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const SHANGHAI_OFFSET = 8 * HOUR;
/** How far back the company's customer file goes; orders cover the last two years only. */
const HISTORY_YEARS = 6;
const ORDER_YEARS = 2;

export type DemoUser = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: 'staff' | 'manager';
  regions: string[];
  createdAt: string;
};

export type DemoGroup = { id: string; key: string; name: string; color: string; description: string; createdAt: string };

export type DemoCustomer = {
  id: string;
  name: string;
  nameSort: string;
  gender: 'male' | 'female' | 'other' | null;
  /** The real (solar) date of birth; birthdayLunar: celebrated on the lunar anniversary. */
  birthday: string | null;
  birthdayLunar: boolean;
  phones: Phone[];
  emails: Email[];
  wechat: string | null;
  qq: string | null;
  company: string | null;
  title: string | null;
  address: string | null;
  source: string;
  ownerId: string | null;
  region: string;
  stage: Stage;
  intent: string | null;
  tags: string[];
  importantDates: ImportantDate[];
  searchText: string;
  searchGrams: string[];
  contactKeys: string[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type DemoStageChange = {
  fromStage: Stage | null;
  toStage: Stage;
  reason: string | null;
  userId: string | null;
  at: string;
};

export type DemoGroupMembership = { groupId: string; addedAt: string };

export type DemoOrder = {
  id: string;
  orderedAt: string;
  /** CNY, two decimals. */
  amount: string;
  cost: string;
  description: string;
  items: OrderItem[];
  channel: string;
  createdBy: string | null;
};

export type DemoInvestment = {
  id: string;
  kind: 'gift' | 'discount' | 'service_hours' | 'other';
  occurredAt: string;
  cost: string;
  hours: string | null;
  description: string;
  userId: string | null;
};

export type DemoInteraction = {
  id: string;
  kind: string;
  channel: string | null;
  occurredAt: string;
  authorId: string | null;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  data: Record<string, unknown>;
};

export type DemoCustomerBundle = {
  index: number;
  customer: DemoCustomer;
  groups: DemoGroupMembership[];
  stageChanges: DemoStageChange[];
  orders: DemoOrder[];
  investments: DemoInvestment[];
  interactions: DemoInteraction[];
};

/** Which parts of a customer's history to generate (a customer's own fields never change). */
export type DemoParts = { orders: boolean; investments: boolean; interactions: boolean };
export const ALL_PARTS: DemoParts = { orders: true, investments: true, interactions: true };

export type DemoOptions = {
  size: number;
  seed: number;
  /** The day the demo data ends (YYYY-MM-DD, Asia/Shanghai); default 2026-11-01. */
  referenceDate?: string;
};

const USER_DEFS: readonly Omit<DemoUser, 'id' | 'email' | 'createdAt'>[] = [
  { username: 'chenjing', displayName: '陈静', role: 'manager', regions: [...salesRegions] },
  { username: 'zhoujian', displayName: '周健', role: 'manager', regions: ['华东', '华南'] },
  { username: 'wanglei', displayName: '王磊', role: 'staff', regions: ['华东'] },
  { username: 'lina', displayName: '李娜', role: 'staff', regions: ['华东'] },
  { username: 'zhangmin', displayName: '张敏', role: 'staff', regions: ['华南'] },
  { username: 'liuyang', displayName: '刘洋', role: 'staff', regions: ['华北', '东北'] },
  { username: 'yangfan', displayName: '杨帆', role: 'staff', regions: ['华中', '西南', '西北'] },
];

const STAGE_WEIGHTS = new Weighted<Stage>([
  ['non_customer', 4], ['potential', 22], ['target', 12], ['current', 32], ['loyal', 14], ['churned', 16],
]);

const INTENT_BY_STAGE: Partial<Record<Stage, Weighted<string | null>>> = {
  potential: new Weighted<string | null>([['strong', 12], ['target', 18], ['normal', 40], ['weak', 22], [null, 8]]),
  target: new Weighted<string | null>([['strong', 35], ['target', 35], ['normal', 22], ['weak', 5], [null, 3]]),
  current: new Weighted<string | null>([['strong', 10], ['normal', 20], [null, 70]]),
};

const INTERACTION_RATE: Record<Stage, number> = {
  non_customer: 0.6, potential: 1.6, target: 3, current: 4, loyal: 9, churned: 3.5,
};

/** Orders per year while active. */
const ORDER_RATE: Partial<Record<Stage, number>> = { current: 2.2, loyal: 8, churned: 2.6 };

function shanghaiMidnight(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00+08:00`))) {
    throw new RangeError(`referenceDate must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** Moves a moment into Shanghai office hours of the same day (people log work then). */
function officeHours(millis: number, rng: Rng): number {
  const day = Math.floor((millis + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
  return day + 9 * HOUR + Math.floor(rng.next() * 9 * 60) * MINUTE + rng.int(0, 59) * 1000;
}

/** Office hours of the moment's day, kept inside [min, max) (office hours may fall before min). */
function officeHoursWithin(millis: number, rng: Rng, min: number, max: number): number {
  const moment = officeHours(millis, rng);
  if (moment < min) return Math.min(min + rng.int(1, 240) * MINUTE, max - MINUTE);
  return moment >= max ? max - MINUTE : moment;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => (value < 10 ? '0' : '') + value);
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => value.toString().padStart(3, '0'));
const isoDays = new Map<number, string>();

/** Same text as Date#toISOString, several times faster (it runs ~20 times per customer). */
export function iso(millis: number): string {
  const day = Math.floor(millis / DAY);
  let date = isoDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 11);
    isoDays.set(day, date);
  }
  let rest = millis - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / 1000);
  return `${date}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
}

function cents(value: number): string {
  const whole = Math.floor(value / 100);
  const rest = value % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

function digits(rng: Rng, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String.fromCharCode(48 + Math.floor(rng.next() * 10));
  return text;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
function base36(rng: Rng, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += BASE36[Math.floor(rng.next() * 36)];
  return text;
}

type Plan = {
  stage: Stage;
  createdAt: number;
  /** When the customer first bought (current, loyal, churned). */
  currentAt: number;
  churnAt: number;
  /** Value multiplier: lognormal, so a minority of customers brings most revenue. */
  value: number;
  big: boolean;
  vip: boolean;
  complaint: boolean;
  ownerId: string | null;
  favourites: number[];
};

export class DemoGenerator {
  readonly size: number;
  readonly seed: number;
  readonly referenceDate: string;
  /** Midnight of the reference date in Asia/Shanghai: nothing happens at or after it. */
  readonly endMillis: number;
  readonly historyStartMillis: number;
  readonly orderWindowStartMillis: number;
  readonly users: DemoUser[];
  readonly groups: DemoGroup[];
  private readonly ownersByRegion = new Map<string, DemoUser[]>();
  private readonly managers: DemoUser[];
  private readonly groupIdByKey = new Map<string, string>();
  private readonly rng = new Rng(0);
  private readonly partRng = new Rng(0);
  private readonly plan: Plan = {
    stage: 'potential', createdAt: 0, currentAt: 0, churnAt: 0, value: 1, big: false, vip: false,
    complaint: false, ownerId: null, favourites: [],
  };

  constructor(options: DemoOptions) {
    if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError('size must be a whole number ≥ 0');
    if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
    this.size = options.size;
    this.seed = options.seed;
    this.referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
    this.endMillis = shanghaiMidnight(this.referenceDate);
    this.historyStartMillis = this.endMillis - HISTORY_YEARS * YEAR;
    this.orderWindowStartMillis = this.endMillis - ORDER_YEARS * YEAR;

    const setup = new Rng(mixSeed(this.seed, -1));
    const companyFounded = this.historyStartMillis - 30 * DAY;
    this.users = USER_DEFS.map((def, index) => {
      const createdAt = companyFounded + index * DAY;
      return {
        ...def,
        regions: [...def.regions],
        id: seededUuidV7(setup, createdAt),
        email: `${def.username}@weixi-demo.example.com`,
        createdAt: iso(createdAt),
      };
    });
    this.managers = this.users.filter((user) => user.role === 'manager');
    for (const region of salesRegions) {
      const staff = this.users.filter((user) => user.role === 'staff' && user.regions.includes(region));
      this.ownersByRegion.set(region, staff.length > 0 ? staff : this.managers);
    }
    this.groups = groupDefs.map((def, index) => {
      const createdAt = companyFounded + (10 + index) * DAY;
      const group = { ...def, id: seededUuidV7(setup, createdAt), createdAt: iso(createdAt) };
      this.groupIdByKey.set(def.key, group.id);
      return group;
    });
  }

  /** Customers [start, end) one at a time; each bundle is independent of the others. */
  *customers(start = 0, end = this.size, parts: DemoParts = ALL_PARTS): Generator<DemoCustomerBundle> {
    for (let index = start; index < Math.min(end, this.size); index++) yield this.customer(index, parts);
  }

  customer(index: number, parts: DemoParts = ALL_PARTS): DemoCustomerBundle {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no demo customer ${index}`);
    const rng = this.rng.reseed(mixSeed(this.seed, index, 0));
    const plan = this.plan;
    const end = this.endMillis;

    // Creation times grow with the index (v7 ids then append to the primary key) and get
    // denser towards the present, as a growing company's customer file does.
    const span = end - DAY - this.historyStartMillis;
    const position = (index + rng.next()) / this.size;
    const createdAt = this.historyStartMillis + Math.floor(Math.pow(position, 2 / 3) * span);
    const id = seededUuidV7(rng, createdAt);
    const tenure = end - createdAt;

    let stage = STAGE_WEIGHTS.pick(rng);
    if ((stage === 'loyal' || stage === 'churned') && tenure < 240 * DAY) stage = 'current';
    if (stage === 'current' && tenure < 10 * DAY) stage = 'target';
    if (stage === 'target' && tenure < 3 * DAY) stage = 'potential';
    const buyer = stage === 'current' || stage === 'loyal' || stage === 'churned';

    // Person
    const genderRoll = rng.next();
    let gender: DemoCustomer['gender'] = genderRoll < 0.485 ? 'male' : genderRoll < 0.97 ? 'female' : genderRoll < 0.973 ? 'other' : null;
    const nameRoll = rng.next();
    let name: string;
    let latinName: string | undefined;
    if (nameRoll < 0.975) {
      const surname = surnames.pick(rng);
      const male = gender === 'male' || (gender !== 'female' && rng.chance(0.5));
      let given: string;
      if (rng.chance(0.45)) given = (male ? maleGivenNames : femaleGivenNames).pick(rng);
      else {
        const pool = male ? maleChars : femaleChars;
        given = rng.pick(pool);
        if (rng.chance(0.72)) given += rng.pick(pool);
      }
      name = surname + given;
    } else {
      const englishIndex = Math.floor(rng.next() * englishGivenNames.length);
      const given = englishGivenNames[englishIndex]!;
      gender = englishIndex % 2 === 0 ? 'male' : 'female';
      const family = nameRoll < 0.995 ? surnamePinyin[rng.pick(westernSurnameKeys)]! : rng.pick(foreignSurnames);
      name = `${given} ${family}`;
      latinName = `${given}.${family}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    }
    const pinyin = namePinyin(name);

    // Company, region, address
    const city: City = cities.pick(rng);
    const region = city.region;
    let company: string | null = null;
    let companyWord: readonly [string, string] | undefined;
    let corporate = false;
    if (rng.chance(0.6)) {
      companyWord = rng.pick(companyWords);
      const suffix = companySuffixes.pick(rng);
      corporate = suffix === '集团有限公司';
      const trade = suffix === '商行' || suffix === '工作室' ? '' : trades.pick(rng);
      company = `${city.short}${companyWord[0]}${trade}${suffix}`;
    }
    const title = company && rng.chance(0.85) ? titles.pick(rng) : null;
    let address: string | null = null;
    if (rng.chance(0.75)) {
      const street = `${rng.pick(city.districts)}${rng.pick(streets)}${rng.int(1, 999)}号`;
      const unit = company
        ? `${rng.pick(buildings)}${rng.int(2, 32)}楼${rng.int(1, 30).toString().padStart(2, '0')}室`
        : `${rng.pick(residentialCompounds)}${rng.int(1, 30)}栋${rng.int(1, 4)}单元${rng.int(1, 30)}0${rng.int(1, 4)}室`;
      address = `${city.province}${city.city}${street}${unit}`;
    }

    // Contacts
    const phones: Phone[] = [];
    let mobile: string | undefined;
    if (rng.chance(0.95)) {
      mobile = mobilePrefixes.pick(rng) + digits(rng, 8);
      phones.push({ label: '手机', number: `+86${mobile}` });
      if (rng.chance(0.12)) phones.push({ label: '工作手机', number: `+86${mobilePrefixes.pick(rng)}${digits(rng, 8)}` });
    }
    if (rng.chance(company ? 0.15 : 0.04)) {
      // Stored as the product stores every phone: E.164 without spaces.
      phones.push({ label: company ? '办公电话' : '家庭电话', number: `+86${city.areaCode}${rng.int(2, 8)}${digits(rng, 7)}` });
    }
    const emails: Email[] = [];
    const handle = latinName ?? (pinyin.full || 'kehu');
    if (rng.chance(0.35)) {
      if (company && companyWord && rng.chance(0.5)) {
        emails.push({ label: '工作', address: `${handle}@${companyWord[1]}.example.com` });
      } else {
        const local = rng.chance(0.5) ? `${handle}${rng.int(1, 99)}` : `${handle}${rng.int(1960, 2005)}`;
        emails.push({ label: '个人', address: `${local}@${personalEmailDomains.pick(rng)}` });
      }
    }
    let wechat: string | null = null;
    if (rng.chance(0.65)) {
      const style = rng.next();
      if (style < 0.4) wechat = `${handle.replace(/[^a-z]/g, '') || 'wx'}${rng.chance(0.5) ? '_' : ''}${rng.int(1, 9999)}`;
      else if (style < 0.65) wechat = `wxid_${base36(rng, 14)}`;
      else if (style < 0.85 && mobile) wechat = mobile;
      else wechat = `${pinyin.initials.replace(/[^a-z]/g, '') || 'wx'}${base36(rng, 6)}`;
      if (!/^[a-z]/.test(wechat) && wechat !== mobile) wechat = `wx${wechat}`;
    }
    const qq = rng.chance(0.12) ? String(rng.int(10_000_000, 3_999_999_999)) : null;

    // Value and lifecycle
    plan.value = rng.logNormal(0, 0.95);
    plan.big = company !== null && rng.chance(corporate ? 0.5 : 0.05);
    if (plan.big) plan.value *= 5;
    plan.vip = buyer && (plan.big || plan.value > 4.2);
    plan.complaint = buyer && rng.chance(stage === 'churned' ? 0.3 : 0.07);
    plan.stage = stage;
    plan.createdAt = createdAt;
    plan.favourites = rng.sampleIndexes(products.length, 3);

    const owners = this.ownersByRegion.get(region)!;
    const ownerRoll = rng.next();
    const owner = ownerRoll < 0.03 ? null : ownerRoll < 0.08 ? rng.pick(this.managers) : rng.pick(owners);
    plan.ownerId = owner?.id ?? null;

    const source = sources.pick(rng);
    const stageChanges: DemoStageChange[] = [];
    const lastStageAt = this.lifecycle(rng, stageChanges, source);

    let intent = INTENT_BY_STAGE[stage]?.pick(rng) ?? null;
    if (stage === 'loyal' && rng.chance(0.2)) intent = 'strong';

    // Birthday: ~70% known; a fifth of those celebrate the lunar anniversary (more common
    // among older customers). A few are born in a lunar leap month, which the UI must show.
    let birthday: string | null = null;
    let birthdayLunar = false;
    if (rng.chance(0.7)) {
      const age = Math.min(78, Math.max(20, Math.round(39 + 11 * rng.normal())));
      const year = Number(this.referenceDate.slice(0, 4)) - age;
      birthdayLunar = rng.chance(age >= 45 ? 0.32 : 0.15);
      birthday = (birthdayLunar && rng.chance(0.1) ? leapMonthBirthDate(year, rng) : undefined) ?? solarDate(year, rng);
    }

    const importantDates: ImportantDate[] = [];
    if (rng.chance(0.18)) {
      const roll = rng.next();
      if (company && roll < 0.45) {
        importantDates.push({ label: importantDateLabels.companyAnniversary, date: solarDate(rng.int(1995, 2022), rng), recurring: true, lunar: false });
      } else if (roll < 0.65) {
        importantDates.push({ label: importantDateLabels.weddingAnniversary, date: solarDate(rng.int(1985, 2023), rng), recurring: true, lunar: false });
      } else if (roll < 0.8) {
        const lunar = rng.chance(0.3);
        importantDates.push({ label: importantDateLabels.motherBirthday, date: solarDate(rng.int(1940, 1975), rng), recurring: true, lunar });
      } else {
        importantDates.push({ label: importantDateLabels.childBirthday, date: solarDate(rng.int(2008, 2025), rng), recurring: true, lunar: false });
        if (rng.chance(0.4)) {
          const vaccination = end + rng.int(7, 300) * DAY;
          importantDates.push({ label: importantDateLabels.vaccination, date: iso(vaccination).slice(0, 10), recurring: false, lunar: false });
        }
      }
    }

    // Groups and tags
    const groupKeys: string[] = [];
    const tags: string[] = [];
    if (rng.chance(0.02)) {
      groupKeys.push('family');
      tags.push(tagNames.family);
    } else if (rng.chance(0.05)) {
      groupKeys.push('friends');
      tags.push(tagNames.friend);
    }
    if (plan.vip) {
      groupKeys.push('vip');
      tags.push(tagNames.vip);
    }
    if (plan.big) tags.push(tagNames.big);
    if (plan.big || (plan.vip && rng.chance(0.5)) || (stage === 'target' && intent === 'strong')) groupKeys.push('key');
    if (corporate) groupKeys.push('corporate');
    if (stage === 'loyal') {
      groupKeys.push('old');
      tags.push(tagNames.repeat);
    }
    if (buyer && createdAt < end - 3 * YEAR) tags.push(tagNames.old);
    if ((stage === 'potential' || stage === 'target') && plan.value > 2.5) {
      groupKeys.push('prospect');
      tags.push(tagNames.highPotential);
    }
    if (rng.chance(0.03)) groupKeys.push('partner');
    if (rng.chance(0.06)) groupKeys.push('community');
    if (!groupKeys.includes('vip') && !groupKeys.includes('key') && stage !== 'non_customer' && rng.chance(buyer ? 0.7 : 0.3)) {
      groupKeys.push('ordinary');
    }
    if (buyer && rng.chance(0.15)) tags.push(tagNames.priceSensitive);
    if ((stage === 'current' || stage === 'target') && rng.chance(0.2)) tags.push(tagNames.followUp);
    if (plan.complaint) tags.push(tagNames.complained);
    if (source === '转介绍' && rng.chance(0.1)) tags.push(tagNames.referrer);
    if (rng.chance(0.05)) tags.push(tagNames.festival);
    const groups: DemoGroupMembership[] = groupKeys.map((key) => ({
      groupId: this.groupIdByKey.get(key)!,
      addedAt: iso(createdAt + Math.floor((end - createdAt) * 0.2 * rng.next())),
    }));

    let updatedAt = lastStageAt;
    if (rng.chance(0.5)) updatedAt = Math.max(updatedAt, createdAt + Math.floor(rng.next() * tenure));

    const search = buildSearchFields({ name, company, phones, emails, wechat, qq });
    const customer: DemoCustomer = {
      id,
      name,
      nameSort: search.nameSort,
      gender,
      birthday,
      birthdayLunar,
      phones,
      emails,
      wechat,
      qq,
      company,
      title,
      address,
      source,
      ownerId: plan.ownerId,
      region,
      stage,
      intent,
      tags,
      importantDates,
      searchText: search.searchText,
      searchGrams: search.grams,
      contactKeys: contactKeys({ phones, emails, wechat, qq }),
      createdBy: plan.ownerId,
      createdAt: iso(createdAt),
      updatedAt: iso(Math.min(updatedAt, end - MINUTE)),
    };

    return {
      index,
      customer,
      groups,
      stageChanges,
      orders: parts.orders ? this.orders(index) : [],
      investments: parts.investments ? this.investments(index) : [],
      interactions: parts.interactions ? this.interactions(index) : [],
    };
  }

  /** A moment between `from` and the end of the data, at a random fraction in [low, high). */
  private after(rng: Rng, from: number, low: number, high: number): number {
    return from + (this.endMillis - from) * (low + (high - low) * rng.next());
  }

  /**
   * Appends a stage change keeping the history strictly ordered and before the end.
   * The first change is exactly the creation time; later ones happen in office hours.
   */
  private change(rng: Rng, changes: DemoStageChange[], last: number, fromStage: Stage | null, toStage: Stage, at: number, reason: string | null, exact = false): number {
    let moment = exact || changes.length === 0 ? at : officeHours(at, rng);
    if (moment <= last) moment = last + rng.int(5, 120) * MINUTE;
    if (moment >= this.endMillis) moment = this.endMillis - rng.int(1, 60) * MINUTE;
    changes.push({ fromStage, toStage, reason, userId: this.plan.ownerId, at: iso(moment) });
    return moment;
  }

  /** Stage history consistent with the final stage; sets plan.currentAt/churnAt; returns the last change time. */
  private lifecycle(rng: Rng, changes: DemoStageChange[], source: string): number {
    const plan = this.plan;
    const { stage, createdAt } = plan;
    const buyer = stage === 'current' || stage === 'loyal' || stage === 'churned';
    const leadReason = `新线索（${source}）`;
    plan.currentAt = 0;
    plan.churnAt = 0;
    let last = createdAt - 1;
    if (stage === 'non_customer') {
      if (rng.chance(0.5)) {
        last = this.change(rng, changes, last, null, 'potential', createdAt, leadReason);
        return this.change(rng, changes, last, 'potential', 'non_customer', this.after(rng, createdAt, 0.01, 0.3), rng.pick(nonCustomerReasons));
      }
      return this.change(rng, changes, last, null, 'non_customer', createdAt, rng.pick(nonCustomerReasons));
    }
    last = this.change(rng, changes, last, null, 'potential', createdAt, leadReason);
    let previous: Stage = 'potential';
    if (stage === 'target' || (buyer && rng.chance(0.7))) {
      const reason = rng.chance(0.6) ? 'MAN 评估：有钱、有权、有需求，重点开发' : '有需求，需找到决策人';
      last = this.change(rng, changes, last, 'potential', 'target', this.after(rng, createdAt, 0.01, stage === 'target' ? 0.6 : 0.1), reason);
      previous = 'target';
    }
    if (!buyer) return last;
    const firstPurchase = officeHours(this.after(rng, createdAt, 0.1, stage === 'current' ? 0.85 : 0.4), rng);
    last = this.change(rng, changes, last, previous, 'current', firstPurchase, '首次成交', true);
    plan.currentAt = last;
    previous = 'current';
    if (stage === 'loyal' || (stage === 'churned' && rng.chance(0.3))) {
      last = this.change(rng, changes, last, 'current', 'loyal', this.after(rng, last, 0.25, stage === 'loyal' ? 0.8 : 0.5), '多次复购，主动推荐新客户');
      previous = 'loyal';
    }
    if (stage === 'churned') {
      last = this.change(rng, changes, last, previous, 'churned', this.after(rng, last, 0.3, 0.95), churnReasons.pick(rng));
      plan.churnAt = last;
    }
    return last;
  }

  /** End of the customer's active life: churned customers fall silent soon after churning. */
  private activeEnd(): number {
    const plan = this.plan;
    return plan.stage === 'churned' ? Math.min(this.endMillis, plan.churnAt + 45 * DAY) : this.endMillis;
  }

  private orders(index: number): DemoOrder[] {
    const plan = this.plan;
    const rate = ORDER_RATE[plan.stage];
    if (rate === undefined) return [];
    const rng = this.partRng.reseed(mixSeed(this.seed, index, 1));
    const start = Math.max(plan.currentAt, this.orderWindowStartMillis);
    // Churned customers had stopped buying a few months before anyone marked them churned.
    const stop = plan.stage === 'churned' ? plan.churnAt - rng.int(60, 150) * DAY : this.endMillis - HOUR;
    const times: number[] = [];
    if (plan.currentAt >= this.orderWindowStartMillis) times.push(plan.currentAt);
    if (stop > start) {
      const years = (stop - start) / YEAR;
      let count = rng.poisson(rate * years * Math.pow(plan.value, 0.3) * (plan.big ? 1.8 : 1));
      if (plan.stage === 'loyal') count = Math.max(count, 3);
      for (let k = 0; k < count; k++) times.push(officeHoursWithin(start + rng.next() * (stop - start), rng, start, stop));
    }
    times.sort((a, b) => a - b);
    const quantityScale = Math.pow(plan.value, 0.7) * (plan.big ? 2.5 : 1);
    const orders: DemoOrder[] = [];
    for (const at of times) {
      if (at >= this.endMillis) continue;
      const lines = rng.chance(0.7) ? 1 : rng.int(2, 3);
      const items: OrderItem[] = [];
      let amount = 0;
      let cost = 0;
      for (let line = 0; line < lines; line++) {
        const product = products[rng.chance(0.8) ? plan.favourites[line % plan.favourites.length]! : rng.int(0, products.length - 1)]!;
        const quantity = Math.max(1, Math.round(rng.logNormal(0, 0.5) * quantityScale));
        // Discounts of up to 15%, in whole yuan.
        const unitPrice = Math.round((product.priceCents * (1 - 0.15 * rng.next() * (rng.chance(0.4) ? 1 : 0))) / 100) * 100;
        items.push({ name: product.name, quantity, unitPrice: cents(unitPrice) });
        amount += unitPrice * quantity;
        cost += Math.round(product.priceCents * quantity * product.costRatio * (0.9 + 0.2 * rng.next()));
      }
      orders.push({
        id: seededUuidV7(rng, at),
        orderedAt: iso(at),
        amount: cents(amount),
        cost: cents(cost),
        description: lines > 1 ? `${items[0]!.name} 等 ${lines} 项` : items[0]!.name,
        items,
        channel: orderChannels.pick(rng),
        createdBy: plan.ownerId,
      });
    }
    return orders;
  }

  private investments(index: number): DemoInvestment[] {
    const plan = this.plan;
    if (plan.currentAt === 0) return [];
    const rng = this.partRng.reseed(mixSeed(this.seed, index, 2));
    if (!rng.chance(plan.vip ? 0.9 : plan.stage === 'loyal' ? 0.6 : 0.25)) return [];
    const count = 1 + rng.poisson(plan.vip ? 3 : 1.2);
    const start = plan.currentAt;
    const stop = this.activeEnd();
    const investments: DemoInvestment[] = [];
    for (let k = 0; k < count; k++) {
      const at = officeHoursWithin(start + rng.next() * Math.max(0, stop - start - DAY), rng, start, stop);
      const [kind, description, low, high] = rng.pick(investmentTemplates);
      const hours = kind === 'service_hours' ? rng.int(1, 16) / 2 : null;
      const costCents = hours === null ? rng.int(low, high) * 100 : Math.round(hours * rng.int(150, 300)) * 100;
      investments.push({
        id: seededUuidV7(rng, at),
        kind: kind as DemoInvestment['kind'],
        occurredAt: iso(at),
        cost: cents(costCents),
        hours: hours === null ? null : hours.toFixed(2),
        description,
        userId: plan.ownerId,
      });
    }
    return investments.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
  }

  private interactions(index: number): DemoInteraction[] {
    const plan = this.plan;
    const rng = this.partRng.reseed(mixSeed(this.seed, index, 3));
    const start = plan.createdAt;
    const stop = this.activeEnd();
    const count = rng.poisson(INTERACTION_RATE[plan.stage] * (plan.vip ? 1.6 : 1));
    const author = plan.ownerId ?? this.managers[0]!.id;
    const result: DemoInteraction[] = [];
    const push = (at: number, kind: string, channel: string | null, subject: string, text: string, data: Record<string, unknown>): void => {
      result.push({
        id: seededUuidV7(rng, at),
        kind,
        channel,
        occurredAt: iso(at),
        authorId: kind === 'complaint' && rng.chance(0.5) ? this.managers[0]!.id : author,
        subject,
        bodyText: text,
        bodyHtml: `<p>${text}</p>`,
        data,
      });
    };
    for (let k = 0; k < count; k++) {
      const at = officeHoursWithin(start + rng.next() * Math.max(0, stop - start - DAY), rng, start, stop);
      const template = interactionTemplates.pick(rng);
      const data = template.kind === 'call' ? { durationSeconds: rng.int(20, 900) } : {};
      push(at, template.kind, template.channel, template.subject, rng.pick(template.texts), data);
    }
    if (plan.complaint) {
      const from = plan.currentAt;
      const at = officeHoursWithin(from + rng.next() * Math.max(0, stop - from - DAY), rng, from, stop);
      push(at, 'complaint', rng.chance(0.6) ? 'phone' : 'wechat', '客户投诉', rng.pick(complaintTexts), {
        severity: rng.chance(0.2) ? 'serious' : 'normal',
        resolved: rng.chance(0.8),
      });
    }
    return result.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
  }
}

export function createDemoGenerator(options: DemoOptions): DemoGenerator {
  return new DemoGenerator(options);
}
