import { pinyin } from 'pinyin-pro';

/**
 * Search support for customers, engine-independent (no pg_trgm: its trigrams ignore
 * Chinese characters under the C locale that PGlite and many servers use).
 *
 * Each customer row carries:
 * - search_text: one lower-cased line per searchable value (name, full pinyin, pinyin
 *   initials, company, phone digits, e-mails, WeChat/QQ), rechecked with LIKE;
 * - search_keys: the keys of one GIN index: text grams (CJK 1-grams of the name, CJK
 *   2-grams, latin/digit 3-grams, and "^x"/"^xy" prefixes of each word so one- or
 *   two-letter pinyin queries like `zw` for 张伟 stay indexed) plus filter tokens
 *   (stage, region, owner, tags, groups). One index scan then answers "张 in group VIP
 *   at stage current" without visiting rows that fail any part of it.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
const PINYIN_CACHE_LIMIT = 200_000;
const pinyinCache = new Map<string, { full: string; initials: string }>();

export type SearchSource = {
  name: string;
  company?: string | null;
  phones?: { number: string }[];
  emails?: { address: string }[];
  wechat?: string | null;
  qq?: string | null;
};

export type SearchFields = {
  nameSort: string;
  searchText: string;
  /** Text grams; combine with filterKeys() into search_keys. */
  grams: string[];
};

/** What a customer can be filtered by through search_keys. */
export type FilterSource = {
  stage: string;
  region: string | null;
  ownerId: string | null;
  tags: readonly string[];
  groupIds: readonly string[];
};

/** Filter tokens contain ':', which grams never do, so the two cannot collide. */
export const filterKey = {
  stage: (stage: string) => `s:${stage}`,
  region: (region: string) => `r:${region}`,
  owner: (ownerId: string | null) => `o:${ownerId ?? '-'}`,
  tag: (tag: string) => `t:${tag}`,
  group: (groupId: string) => `g:${groupId}`,
};

export function filterKeys(source: FilterSource): string[] {
  const keys = [filterKey.stage(source.stage), filterKey.owner(source.ownerId)];
  if (source.region) keys.push(filterKey.region(source.region));
  for (const tag of source.tags) keys.push(filterKey.tag(tag));
  for (const groupId of source.groupIds) keys.push(filterKey.group(groupId));
  return keys;
}

/** The search_keys column: text grams and filter tokens, without repeats. */
export function searchKeys(grams: readonly string[], filters: FilterSource): string[] {
  return [...new Set([...grams, ...filterKeys(filters)])];
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** Full pinyin and initials of a name; surnames read as surnames (曾 = zeng, 单 = shan). */
export function namePinyin(name: string): { full: string; initials: string } {
  const cached = pinyinCache.get(name);
  if (cached) return cached;
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((part) => normalize(part).replace(/[^a-z0-9]/g, ''))
    .filter((part) => part.length > 0);
  const result = { full: syllables.join(''), initials: syllables.map((part) => part[0]).join('') };
  if (pinyinCache.size >= PINYIN_CACHE_LIMIT) pinyinCache.clear();
  pinyinCache.set(name, result);
  return result;
}

/** Digits of a phone number without a leading +86/0086 country code. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+86') || digits.startsWith('0086')) return digits.replace(/^(0086|86)/, '');
  return digits;
}

function addRunGrams(run: string, grams: Set<string>, cjkUnigrams: boolean): void {
  if (CJK.test(run[0]!)) {
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      if (cjkUnigrams || chars.length === 1) grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
    return;
  }
  grams.add(`^${run.slice(0, 1)}`);
  if (run.length >= 2) grams.add(`^${run.slice(0, 2)}`);
  for (let i = 0; i + 3 <= run.length; i++) grams.add(run.slice(i, i + 3));
}

function addGrams(text: string, grams: Set<string>, cjkUnigrams = true): void {
  for (const match of normalize(text).matchAll(RUN)) addRunGrams(match[0], grams, cjkUnigrams);
}

export function buildSearchFields(source: SearchSource): SearchFields {
  const name = normalize(source.name);
  const { full, initials } = namePinyin(source.name);
  const lines = [name, full, initials];
  const grams = new Set<string>();
  addGrams(name, grams);
  addGrams(full, grams);
  addGrams(initials, grams);
  if (source.company) {
    lines.push(normalize(source.company));
    // Companies are searched by words (西湖, 茶业): 2-grams only keep the index smaller.
    addGrams(source.company, grams, false);
  }
  for (const phone of source.phones ?? []) {
    const digits = phoneDigits(phone.number);
    if (!digits) continue;
    lines.push(digits);
    addGrams(digits, grams);
  }
  // E-mails and ids are found by exact or prefix filters and the LIKE recheck; indexing
  // their 3-grams too would double the index for little gain.
  for (const email of source.emails ?? []) lines.push(normalize(email.address));
  if (source.wechat) lines.push(normalize(source.wechat));
  if (source.qq) lines.push(normalize(source.qq));
  return { nameSort: full || name, searchText: lines.join('\n'), grams: [...grams] };
}

/**
 * grams: index keys every match has. pattern: the LIKE recheck. exact: the keys alone
 * decide (a one- or two-character Chinese query, a one- to three-letter or digit word),
 * so the recheck can be skipped and a count needs no table rows.
 */
export type SearchQuery = { grams: string[]; pattern: string; exact: boolean };

const PHONE_LIKE = /^[\d\s\-+().]+$/;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Trigrams that cover a word without overlapping (plus the last one): `zhangwei` → zha,
 * ngw, wei. Overlapping trigrams (zha, han, ang) nearly always occur together, so the
 * planner, which multiplies their frequencies, took `zhang` for a rare word and sorted
 * 17,000 matches instead of walking the list in order. Non-overlapping ones are close
 * to independent, and the LIKE recheck still decides the match.
 */
function coveringTrigrams(run: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 3 <= run.length; i += 3) grams.push(run.slice(i, i + 3));
  if (run.length % 3 !== 0) grams.push(run.slice(-3));
  return grams;
}

/**
 * Turns what a user typed into index keys and a LIKE pattern for the recheck. Returns
 * undefined for an empty query. Phone-like input searches by digits, so `138-0013`
 * finds +86 138 0013 8000.
 */
export function buildSearchQuery(input: string): SearchQuery | undefined {
  let query = normalize(input);
  if (!query) return undefined;
  if (PHONE_LIKE.test(query) && /\d{3}/.test(query.replace(/\D/g, ''))) query = phoneDigits(query);
  const grams = new Set<string>();
  const runs = [...query.matchAll(RUN)].map((match) => match[0]);
  for (const run of runs) {
    if (CJK.test(run[0]!)) {
      const chars = Array.from(run);
      if (chars.length === 1) grams.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
    } else if (run.length < 3) {
      grams.add(`^${run}`);
    } else {
      for (const gram of coveringTrigrams(run)) grams.add(gram);
    }
  }
  // A "^zw" prefix key is stricter than the substring pattern, so it too needs no recheck.
  const only = runs.length === 1 && runs[0] === query ? runs[0] : undefined;
  const exact = only !== undefined && (CJK.test(only[0]!) ? Array.from(only).length <= 2 : only.length <= 3);
  return { grams: [...grams], pattern: `%${escapeLike(query)}%`, exact };
}
