import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '../../db/connect.js';
import { writeAudit } from '../audit/write-audit.js';
import { systemActor } from '../users/actor.js';
import { hashPassword } from '../users/passwords.js';
import { searchKeys } from '../customers/search-fields.js';
import { csvArray, csvBool, csvJson, csvText } from './csv.js';
import { deferForBulkLoad, restoreDeferred } from './defer-constraints.js';
import { ALL_PARTS, DemoGenerator, type DemoCustomerBundle, type DemoParts } from './generate-demo.js';

export const DEMO_PASSWORD = 'weixi-demo';

export type LoadDemoOptions = {
  size: number;
  seed: number;
  /** YYYY-MM-DD; the data ends the day before (Asia/Shanghai). Default 2026-11-01. */
  referenceDate?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Customers per COPY batch (default 20,000; fewer when their history makes the batch's
   * CSV exceed MAX_BATCH_CHARS). About two batches are in memory at a time.
   */
  batchSize?: number;
  /** Skip orders, investments or interactions (benchmarks that measure customers only). */
  parts?: Partial<DemoParts>;
  /**
   * Drop the secondary indexes and foreign keys of the customer tables while loading and
   * restore them after, which is much faster than maintaining them row by row. Only for
   * tables that are empty at the start ('auto', the default). If the process is killed
   * (not merely failing) mid-load, they stay dropped: drop that database and load again.
   */
  deferIndexes?: 'auto' | false;
};

export type LoadDemoResult = {
  users: number;
  groups: number;
  customers: number;
  groupMemberships: number;
  stageChanges: number;
  orders: number;
  investments: number;
  interactions: number;
  /** Secondary indexes and foreign keys dropped during the load and restored after it. */
  deferred: number;
  /**
   * Wall-clock phases. load = generating and copying (overlapped); of it, generate is the
   * time Node spent generating rows and wait the time it then waited for the database.
   * restore = rebuilding deferred indexes and foreign keys; analyze = VACUUM (ANALYZE) after.
   */
  millis: { total: number; load: number; generate: number; wait: number; restore: number; analyze: number };
};

const CUSTOMER_TABLES = ['customers', 'customer_groups', 'customer_stage_changes', 'orders', 'investments', 'interactions'] as const;

/**
 * Flush a batch at this much CSV text (~16 M characters): with full history a customer
 * brings ~3,500 characters, so ~4,500 customers per batch; customers alone ~700.
 * Peak memory is a few times this (lines, the joined text, its UTF-8 copy, two batches).
 */
const MAX_BATCH_CHARS = 16_000_000;

/** The COPY statement of each table the demo fills, in CSV format. */
export const DEMO_COPY_SQL = {
  customers:
    'COPY customers (id, name, name_sort, gender, birthday, birthday_lunar, phones, emails, wechat, qq, company, title, address, source, owner_id, region, stage, intent, tags, important_dates, search_text, search_keys, contact_keys, created_by, created_at, updated_at) FROM STDIN WITH (FORMAT csv)',
  groups: 'COPY customer_groups (customer_id, group_id, added_at) FROM STDIN WITH (FORMAT csv)',
  stageChanges: 'COPY customer_stage_changes (customer_id, from_stage, to_stage, reason, user_id, at) FROM STDIN WITH (FORMAT csv)',
  orders:
    'COPY orders (id, customer_id, ordered_at, amount, cost, description, items, channel, created_by, created_at) FROM STDIN WITH (FORMAT csv)',
  investments:
    'COPY investments (id, customer_id, kind, occurred_at, cost, hours, description, user_id, created_at) FROM STDIN WITH (FORMAT csv)',
  interactions:
    'COPY interactions (id, customer_id, kind, channel, occurred_at, author_id, subject, body_html, body_text, data, created_at) FROM STDIN WITH (FORMAT csv)',
} as const;

export type DemoTable = keyof typeof DEMO_COPY_SQL;
/** Order matters: rows referencing customers are copied after them. */
export const DEMO_TABLE_ORDER: readonly DemoTable[] = ['customers', 'groups', 'stageChanges', 'orders', 'investments', 'interactions'];

/** CSV lines per table for one batch of customers, and their counts. */
export type DemoBatch = Record<DemoTable, string[]> & { rows: Record<DemoTable, number> };

/** Serialises generated customers straight to CSV text, one array of chunks per table. */
export class DemoBatchWriter {
  private batch: DemoBatch = DemoBatchWriter.empty();
  /** Characters of CSV held in the current batch: bounds memory whatever the history per customer. */
  chars = 0;

  /** userId/groupId map generated ids to the rows actually in the database (identity by default). */
  constructor(
    private readonly userId: (id: string | null) => string | null = (id) => id,
    private readonly groupId: (id: string) => string = (id) => id,
  ) {}

  static empty(): DemoBatch {
    return {
      customers: [], groups: [], stageChanges: [], orders: [], investments: [], interactions: [],
      rows: { customers: 0, groups: 0, stageChanges: 0, orders: 0, investments: 0, interactions: 0 },
    };
  }

  take(): DemoBatch {
    const batch = this.batch;
    this.batch = DemoBatchWriter.empty();
    this.chars = 0;
    return batch;
  }

  private line(lines: string[], text: string): void {
    lines.push(text);
    this.chars += text.length;
  }

  add(bundle: DemoCustomerBundle): void {
    const { customer: c } = bundle;
    const b = this.batch;
    const owner = this.userId(c.ownerId) ?? null;
    // Filter tokens use the ids as stored, after mapping onto existing users and groups.
    const keys = searchKeys(c.searchGrams, {
      stage: c.stage,
      region: c.region,
      ownerId: owner,
      tags: c.tags,
      groupIds: bundle.groups.map((membership) => this.groupId(membership.groupId)),
    });
    this.line(b.customers,
      `${c.id},${csvText(c.name)},${csvText(c.nameSort)},${c.gender ?? ''},${c.birthday ?? ''},${csvBool(c.birthdayLunar)},` +
        `${csvJson(c.phones)},${csvJson(c.emails)},${csvText(c.wechat)},${csvText(c.qq)},` +
        `${csvText(c.company)},${csvText(c.title)},${csvText(c.address)},${csvText(c.source)},${owner ?? ''},` +
        `${csvText(c.region)},${c.stage},${c.intent ?? ''},${csvArray(c.tags)},${csvJson(c.importantDates)},` +
        `${csvText(c.searchText)},${csvArray(keys)},${csvArray(c.contactKeys)},${this.userId(c.createdBy) ?? ''},` +
        `${c.createdAt},${c.updatedAt}\n`,
    );
    b.rows.customers++;
    for (const membership of bundle.groups) {
      this.line(b.groups, `${c.id},${this.groupId(membership.groupId)},${membership.addedAt}\n`);
    }
    b.rows.groups += bundle.groups.length;
    for (const change of bundle.stageChanges) {
      this.line(b.stageChanges,
        `${c.id},${change.fromStage ?? ''},${change.toStage},${csvText(change.reason)},${this.userId(change.userId) ?? ''},${change.at}\n`,
      );
    }
    b.rows.stageChanges += bundle.stageChanges.length;
    for (const order of bundle.orders) {
      this.line(b.orders,
        `${order.id},${c.id},${order.orderedAt},${order.amount},${order.cost},${csvText(order.description)},` +
          `${csvJson(order.items)},${csvText(order.channel)},${this.userId(order.createdBy) ?? ''},${order.orderedAt}\n`,
      );
    }
    b.rows.orders += bundle.orders.length;
    for (const investment of bundle.investments) {
      this.line(b.investments,
        `${investment.id},${c.id},${investment.kind},${investment.occurredAt},${investment.cost},${investment.hours ?? ''},` +
          `${csvText(investment.description)},${this.userId(investment.userId) ?? ''},${investment.occurredAt}\n`,
      );
    }
    b.rows.investments += bundle.investments.length;
    for (const interaction of bundle.interactions) {
      this.line(b.interactions,
        `${interaction.id},${c.id},${interaction.kind},${interaction.channel ?? ''},${interaction.occurredAt},` +
          `${this.userId(interaction.authorId) ?? ''},${csvText(interaction.subject)},${csvText(interaction.bodyHtml)},` +
          `${csvText(interaction.bodyText)},${csvJson(interaction.data)},${interaction.occurredAt}\n`,
      );
    }
    b.rows.interactions += bundle.interactions.length;
  }
}

/**
 * Loads a deterministic demo company (see generate-demo.ts) with COPY in batches, never
 * holding more than about two batches in memory. The next batch is generated while the
 * database copies the previous one. Meant for an empty database; loading the same seed
 * again is refused before anything is written.
 */
export async function loadDemo(database: Database, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const started = performance.now();
  const generator = new DemoGenerator({ size: options.size, seed: options.seed, referenceDate: options.referenceDate });
  const parts: DemoParts = { ...ALL_PARTS, ...options.parts };
  const batchSize = Math.max(1, options.batchSize ?? 20_000);

  if (generator.size > 0) {
    const first = generator.customer(0, { orders: false, investments: false, interactions: false }).customer.id;
    const existing = await database.raw.query('SELECT 1 FROM customers WHERE id = $1', [first]);
    if (existing.length > 0) throw new Error(`demo data for seed ${options.seed} is already loaded in this database`);
  }

  // Demo staff and groups. Reuse rows a previous demo load left (same username / name).
  // One hash for all demo users: they share the published demo password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds = new Map<string, string>();
  for (const user of generator.users) {
    const rows = await database.raw.query<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO users (id, username, display_name, email, password_hash, role, regions, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (lower(username)) DO NOTHING RETURNING id)
       SELECT id FROM inserted UNION ALL SELECT id FROM users WHERE lower(username) = lower($2) LIMIT 1`,
      [user.id, user.username, user.displayName, user.email, passwordHash, user.role, user.regions, user.createdAt],
    );
    userIds.set(user.id, rows[0]!.id);
  }
  const groupIds = new Map<string, string>();
  for (const group of generator.groups) {
    const rows = await database.raw.query<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO groups (id, name, color, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (lower(name)) DO NOTHING RETURNING id)
       SELECT id FROM inserted UNION ALL SELECT id FROM groups WHERE lower(name) = lower($2) LIMIT 1`,
      [group.id, group.name, group.color, group.description, group.createdAt],
    );
    groupIds.set(group.id, rows[0]!.id);
  }
  // The four default intent levels come with the first migration; a team may have removed some.
  await database.raw.exec(`INSERT INTO intent_levels (key, label_zh, label_en, rank) VALUES
    ('strong', '意向强烈', 'Strong intent', 30), ('target', '目标', 'Target', 20),
    ('normal', '一般', 'Normal', 10), ('weak', '意向较弱', 'Weak intent', 0) ON CONFLICT (key) DO NOTHING`);

  const sameUsers = [...userIds].every(([from, to]) => from === to);
  const sameGroups = [...groupIds].every(([from, to]) => from === to);
  const writer = new DemoBatchWriter(
    sameUsers ? (id) => id : (id) => (id === null ? null : (userIds.get(id) ?? id)),
    sameGroups ? (id) => id : (id) => groupIds.get(id) ?? id,
  );

  const deferred = options.deferIndexes === false ? [] : await deferForBulkLoad(database, CUSTOMER_TABLES);

  const totals: Record<DemoTable, number> = { customers: 0, groups: 0, stageChanges: 0, orders: 0, investments: 0, interactions: 0 };
  const copyBatch = async (batch: DemoBatch): Promise<void> => {
    for (const table of DEMO_TABLE_ORDER) {
      if (batch.rows[table] === 0) continue;
      const text = batch[table].join('');
      batch[table] = [];
      await database.raw.copyFromCsv(DEMO_COPY_SQL[table], text);
      totals[table] += batch.rows[table];
    }
  };

  let copyMillis = 0;
  let generateMillis = 0;
  let waitMillis = 0;
  let indexMillis = 0;
  let analyzeMillis = 0;
  try {
    const copyStarted = performance.now();
    let inFlight: Promise<void> | undefined;
    let index = 0;
    while (index < generator.size) {
      const end = Math.min(index + batchSize, generator.size);
      let slice = performance.now();
      for (; index < end && writer.chars < MAX_BATCH_CHARS; index++) {
        writer.add(generator.customer(index, parts));
        // Let the socket drain the previous batch while this one is being generated.
        if (inFlight && (index & 1023) === 1023) {
          generateMillis += performance.now() - slice;
          await nextTurn();
          slice = performance.now();
        }
      }
      generateMillis += performance.now() - slice;
      const batch = writer.take();
      if (inFlight) {
        const waitStarted = performance.now();
        await inFlight;
        waitMillis += performance.now() - waitStarted;
        options.onProgress?.(totals.customers, generator.size);
      }
      inFlight = copyBatch(batch);
      // Errors surface at the next await; this only stops Node reporting them as unhandled meanwhile.
      inFlight.catch(() => undefined);
    }
    if (inFlight) {
      const waitStarted = performance.now();
      await inFlight;
      waitMillis += performance.now() - waitStarted;
    }
    copyMillis = performance.now() - copyStarted;
  } finally {
    const indexStarted = performance.now();
    if (deferred.length > 0) await restoreDeferred(database, deferred);
    indexMillis = performance.now() - indexStarted;
  }
  options.onProgress?.(generator.size, generator.size);

  const analyzeStarted = performance.now();
  // VACUUM as well as ANALYZE: freshly copied rows have no hint bits and no visibility-map
  // bits, so otherwise the first queries would dirty every page they read and
  // index-only scans (customer_groups look-ups) would still visit the heap.
  await database.raw.exec(`VACUUM (ANALYZE) ${CUSTOMER_TABLES.join(', ')}, users, groups`);
  analyzeMillis = performance.now() - analyzeStarted;

  await writeAudit(database.db, systemActor, {
    action: 'demo.load',
    entity: 'customers',
    data: { size: options.size, seed: options.seed, referenceDate: generator.referenceDate, rows: totals },
  });

  return {
    users: generator.users.length,
    groups: generator.groups.length,
    customers: totals.customers,
    groupMemberships: totals.groups,
    stageChanges: totals.stageChanges,
    orders: totals.orders,
    investments: totals.investments,
    interactions: totals.interactions,
    deferred: deferred.length,
    millis: { total: performance.now() - started, load: copyMillis, generate: generateMillis, wait: waitMillis, restore: indexMillis, analyze: analyzeMillis },
  };
}
