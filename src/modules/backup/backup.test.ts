import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Engine } from '../../db/connect.js';
import { listMigrations } from '../../db/migrate.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { writeAudit } from '../audit/write-audit.js';
import { createCustomer } from '../customers/create-customer.js';
import { updateCustomer } from '../customers/update-customer.js';
import { systemActor, type Actor } from '../users/actor.js';
import { createApiToken } from '../users/api-tokens.js';
import { createUser } from '../users/create-user.js';
import { createSession } from '../users/sessions.js';
import { backupDatabase } from './backup-database.js';
import { readBackupHeader, restoreDatabase } from './restore-database.js';

/** Text that breaks naive CSV, COPY and JSON handling: quotes, commas, newlines, \., tabs, CJK, emoji. */
const TRICKY = '他说 "你好, 世界"\nline 2, with comma\r\nCRLF above\n\\.\n\\N \\ backslash\ttab 😀 \'single\'';

const latestVersion = listMigrations().at(-1)!.version;

/** Every table's rows as PostgreSQL prints them (UTC, ISO), sorted: equal means identical data. */
async function contents(database: Database): Promise<Record<string, string[]>> {
  return database.raw.transaction(async (q) => {
    await q.exec(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 3`);
    const tables = await q.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1`,
    );
    const result: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await q.query<{ row: string }>(`SELECT t::text AS row FROM public."${name}" t`);
      result[name] = rows.map((row) => row.row).sort();
    }
    return result;
  });
}

/** Indexes and constraints: a restore drops some while loading and must put every one back. */
async function schemaShape(database: Database): Promise<string[]> {
  const indexes = await database.raw.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public'`);
  const constraints = await database.raw.query<{ def: string }>(
    `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u', 'c')`,
  );
  return [...indexes, ...constraints].map((row) => row.def).sort();
}

async function appliedMigrations(database: Database): Promise<string[]> {
  const [exists] = await database.raw.query<{ found: boolean }>(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS found`);
  if (!exists?.found) return [];
  return (await database.raw.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY 1')).map((row) => row.version);
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Fills a database with a little of everything, including values that are hard to round-trip. */
async function fill(database: Database): Promise<void> {
  const q = (text: string, params?: unknown[]) => database.raw.query(text, params);
  const adminUser = await createUser(database.db, systemActor, { username: 'boss', displayName: '老板', email: 'boss@example.com', password: 'boss-password', role: 'admin' });
  const staffUser = await createUser(database.db, systemActor, {
    username: 'xiaoli',
    displayName: '小李 "Li", Jr.',
    password: 'staff-password',
    role: 'staff',
    regions: ['华东', '华南, "特区"', 'a\\b'],
  });
  const admin: Actor = { userId: adminUser.id, role: 'admin', regions: [] };
  await createSession(database.db, adminUser.id);
  await createApiToken(database.db, admin, { name: '导出 "token", 1' });

  await q(`INSERT INTO settings (key, value) VALUES ('company.timeZone', '"Asia/Shanghai"'), ('test.tricky', $1::jsonb), ('test.exact', $2::jsonb)`, [
    JSON.stringify({ text: TRICKY, empty: '', nothing: null, list: [1, null, 'x'] }),
    '{"big": 12345678901234567890.123456789, "tiny": 1.5e-7}',
  ]);
  await q(`INSERT INTO intent_levels (key, label_zh, label_en, rank) VALUES ('vip', '贵宾 "A"', 'VIP, top', 40)`);
  await q(
    `INSERT INTO custom_field_defs (id, key, label_zh, label_en, type, options, position) VALUES ($1, 'hobby', '爱好', 'Hobby', 'multiselect', $2::jsonb, 1)`,
    [newId(), JSON.stringify(['读书', '旅游, 美食', 'say "hi"'])],
  );
  const groupA = newId();
  const groupB = newId();
  await q(`INSERT INTO groups (id, name, color, description) VALUES ($1, '华东大客户, "VIP"', NULL, ''), ($2, '普通', '#ff0000', $3)`, [groupA, groupB, TRICKY]);

  const zhang = await createCustomer(database.db, admin, {
    name: '张伟',
    phones: [{ label: '手机', number: '138 0013 8000' }],
    emails: [{ address: 'zhang.wei@example.com' }],
    birthday: '1990-06-25',
    birthdayLunar: true,
    company: '杭州西湖茶业',
    address: TRICKY,
    stage: 'current',
    stageReason: '首次下单, "大单"',
    intent: 'vip',
    ownerId: staffUser.id,
    tags: ['VIP', '老客户, "重要"', 'a\\b'],
    groupIds: [groupA, groupB],
    importantDates: [{ label: '结婚纪念日', date: '2015-10-01' }],
    customFields: { hobby: ['读书', '旅游, 美食'] },
  });
  const bob = await createCustomer(database.db, admin, { name: 'O\'Brien "Bob"' });
  await updateCustomer(database.db, admin, bob.id, { stage: 'churned', stageReason: TRICKY });
  for (let i = 0; i < 25; i++) await createCustomer(database.db, admin, { name: `客户${i}`, region: i % 2 ? '华东' : '华北', tags: [`批次${i % 3}`] });

  await q(
    `INSERT INTO interactions (id, customer_id, kind, channel, occurred_at, author_id, subject, body_html, body_text, data) VALUES
       ($1, $3, 'note', NULL, '2024-02-29 23:59:59.123456+08', $4, '', $5, $6, $7::jsonb),
       ($2, $3, 'call', 'phone', '1999-12-31 16:00:00+00', NULL, NULL, '', '', '{}')`,
    [newId(), newId(), zhang.id, adminUser.id, `<p>${TRICKY}</p>`, TRICKY, JSON.stringify({ emoji: '😀', nested: { q: '"x"', n: null } })],
  );
  await q(
    `INSERT INTO orders (id, customer_id, ordered_at, amount, cost, currency, description, items, channel, external_id, created_by) VALUES
       ($1, $3, '2024-01-01 00:00:00+08', 1234567.89, NULL, 'CNY', '', $4::jsonb, 'taobao', 'TB-1', $5),
       ($2, $3, '2024-06-30 12:30:00+08', 0.01, 0.00, 'USD', NULL, '[]', NULL, NULL, NULL)`,
    [newId(), newId(), zhang.id, JSON.stringify([{ sku: '茶-1', qty: 2, price: '12.50', note: TRICKY }]), adminUser.id],
  );
  await q(
    `INSERT INTO investments (id, customer_id, kind, occurred_at, cost, hours, description, user_id) VALUES
       ($1, $3, 'gift', '2024-02-01 10:00:00+08', 99.99, NULL, $4, NULL),
       ($2, $3, 'service_hours', '2024-02-02 10:00:00+08', 0, 1.25, '', $5)`,
    [newId(), newId(), zhang.id, TRICKY, adminUser.id],
  );
  await q(`INSERT INTO customer_feedback (id, customer_id, kind, score, comment, surveyed_at, recorded_by) VALUES ($1, $2, 'nps', 9, $3, '2024-03-01 10:00:00+08', $4)`, [newId(), zhang.id, TRICKY, adminUser.id]);
  await writeAudit(database.db, systemActor, { action: 'test.tricky', entity: 'test', entityId: '', data: { text: TRICKY } });

  // Messaging: a batch, a message in it, a template, channel settings, an opt-out, a notification.
  const [batchId, messageId, templateId] = [newId(), newId(), newId()];
  await q(`INSERT INTO message_templates (id, name, channel, subject, body_text, body_html, provider_template_code) VALUES ($1, '春节祝福, "2025"', 'email', $2, $2, $3, NULL)`, [templateId, TRICKY, `<p>${TRICKY}</p>`]);
  await q(`INSERT INTO message_batches (id, name, channel, template_id, scheduled_at, audience, counts, created_by) VALUES ($1, $2, 'email', $3, '2025-01-28 09:00:00+08', $4::jsonb, '{"queued": 1}', $5)`, [
    batchId, TRICKY, templateId, JSON.stringify({ filter: { q: '张', stages: ['current'] } }), adminUser.id,
  ]);
  await q(
    `INSERT INTO messages (id, idempotency_key, channel, category, status, customer_id, batch_id, template_id, recipient, subject, body_text, body_html, template_params, headers, attempts, last_error, next_attempt_at)
     VALUES ($1, $2, 'email', 'marketing', 'failed', $3, $4, $5, 'zhang.wei@example.com', $6, $6, NULL, $7::jsonb, '{"X-Test": "1"}', 3, $6, '2025-01-28 09:00:00.123456+08')`,
    [messageId, `batch:${batchId}:customer:${zhang.id}`, zhang.id, batchId, templateId, TRICKY, JSON.stringify({ name: TRICKY })],
  );
  await q(`INSERT INTO messaging_config (key, value) VALUES ('channel.email', $1::jsonb)`, [JSON.stringify({ host: 'smtp.example.com', port: 465, password: TRICKY })]);
  await q(`INSERT INTO message_opt_outs (customer_id, channel, source, message_id) VALUES ($1, 'sms', 'reply: 退订', $2)`, [zhang.id, messageId]);
  await q(`INSERT INTO notifications (id, user_id, message_id, title, body, link, read_at) VALUES ($1, $2, $3, '提醒 "回访"', $4, '/customers/x', NULL)`, [newId(), staffUser.id, messageId, TRICKY]);

  // Imports: an uploaded file with a binary chunk, a job with a reported row, a saved mapping.
  const [fileId, jobId] = [newId(), newId()];
  await q(`INSERT INTO import_files (id, file_name, size, sha256, complete, created_by) VALUES ($1, '客户, "名单".csv', 4, 'ab12', true, $2)`, [fileId, adminUser.id]);
  await q(`INSERT INTO import_file_chunks (file_id, seq, data) VALUES ($1, 0, $2)`, [fileId, Buffer.from([0, 0xff, 0x5c, 0x0a, 0x2e, 0xe4, 0xb8])]);
  await q(
    `INSERT INTO import_jobs (id, kind, file_name, file_sha256, file_id, options, status, rows_done, rows_total, created, rejected, rows_per_second, error, created_by)
     VALUES ($1, 'customers', $2, 'ab12', $3, $4::jsonb, 'done', 2, 2, 1, 1, 1234.5, NULL, $5)`,
    [jobId, TRICKY, fileId, JSON.stringify({ mode: 'create_or_update', mapping: [{ column: 0, header: '姓名', target: 'name' }] }), adminUser.id],
  );
  await q(`INSERT INTO import_row_errors (job_id, seq, line, column_name, value, code, message_zh, message_en, matched_id, kind) VALUES ($1, 0, 3, '手机', $2, 'invalid_phone', '不是有效的手机号', 'not a valid phone number', $3, 'duplicate')`, [jobId, TRICKY, zhang.id]);
  await q(`INSERT INTO import_presets (id, kind, name, mapping, options, created_by) VALUES ($1, 'customers', '通讯录, "安卓"', $2::jsonb, '{}', $3)`, [newId(), JSON.stringify({ 姓名: 'name' }), adminUser.id]);
  await q(`UPDATE customers SET external_id = $2 WHERE id = $1`, [zhang.id, 'ERP-"1", 2']);

  // Analytics pipeline: a finished run, a customer's scores and risk history, a daily task.
  const runId = newId();
  await q(`INSERT INTO analysis_runs (id, as_of, status, progress, params, fits, totals, requested_by, started_at, finished_at) VALUES ($1, '2024-07-01', 'done', '{"step": "done", "done": 8, "total": 8}', '{}', $2::jsonb, '{"buyers": 1}', $3, now(), now())`, [runId, JSON.stringify({ note: TRICKY }), adminUser.id]);
  await q(
    `INSERT INTO customer_scores (customer_id, run_id, as_of, first_day, last_day, frequency, recency_days, tenure_days, revenue, margin, rfm_r, rfm_f, rfm_m, rfm_segment, value_tier, p_alive, expected_purchases_90d, expected_aov, clv, risk_score, risk_level, reasons)
     VALUES ($1, $2, '2024-07-01', '2024-01-01', '2024-06-30', 1, 181, 182, 1234567.90, 1234468.91, 5, 5, 5, 'important_value', 'top', 0.123456789012345, 0.5, 617283.95, 123.45, 0.87654321, 'high', $3::jsonb)`,
    [zhang.id, runId, JSON.stringify([{ code: 'p_alive_low', data: { pAlive: 0.12, threshold: 0.3 } }])],
  );
  await q(`INSERT INTO customer_score_history (customer_id, as_of, run_id, p_alive, risk_score, risk_level, rfm_segment, value_tier, clv) VALUES ($1, '2024-07-01', $2, 0.123456789012345, 0.87654321, 'high', 'important_value', 'top', 123.45)`, [zhang.id, runId]);
  await q(`INSERT INTO scheduled_tasks (name, last_day, last_started_at, runs) VALUES ('analytics.daily-run', '2024-07-01', now(), 1)`);
}

describe.each(testEngines())('backup and restore from %s', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'weixi-backup-test-'));
  const file = join(dir, 'source.weixi-backup');
  let source: TestDatabase;
  let sourceContents: Record<string, string[]>;
  const opened: TestDatabase[] = [];
  const track = <T extends TestDatabase>(database: T): T => {
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    source = track(await openTestDatabase(engine));
    await fill(source);
    sourceContents = await contents(source);
  });
  afterAll(async () => {
    for (const database of opened) await database.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every table with data, in a file whose header describes it', async () => {
    const empty = Object.entries(sourceContents).filter(([, rows]) => rows.length === 0).map(([name]) => name);
    // A new table needs a row in fill() so that its round trip is tested too.
    expect(empty).toEqual([]);
    const progress: string[] = [];
    const result = await backupDatabase({
      database: source,
      databaseUrl: source.url,
      output: file,
      onProgress: (event) => event.done && progress.push(event.table),
    });
    expect(result.schemaVersion).toBe(latestVersion);
    expect(result.tables.map((table) => table.name).sort()).toEqual(Object.keys(sourceContents));
    for (const table of result.tables) expect(table.rows, table.name).toBe(sourceContents[table.name]!.length);
    expect(progress).toEqual(result.tables.map((table) => table.name));
    // Parents come before the tables that reference them.
    const order = result.tables.map((table) => table.name);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('customers'));
    expect(order.indexOf('customers')).toBeLessThan(order.indexOf('customer_groups'));
    expect(order.indexOf('groups')).toBeLessThan(order.indexOf('customer_groups'));
    expect(order.indexOf('intent_levels')).toBeLessThan(order.indexOf('customers'));

    const header = await readBackupHeader(file);
    expect(header).toMatchObject({ format: 'weixi-backup', formatVersion: 1, schemaVersion: latestVersion, engine });
    expect(header.tables.find((table) => table.name === 'schema_migrations')).toBeUndefined();
    expect(header.tables.find((table) => table.name === 'audit_log')!.columns).toEqual(['id', 'at', 'user_id', 'action', 'entity', 'entity_id', 'customer_id', 'data']);
    expect(header.sequences.map((sequence) => sequence.name)).toEqual(expect.arrayContaining(['audit_log_id_seq', 'customer_stage_changes_id_seq']));
  });

  it('restores identically into a fresh migrated database of the same engine', async () => {
    const target = track(await openTestDatabase(engine));
    const progress: string[] = [];
    const result = await restoreDatabase({ database: target, databaseUrl: target.url, input: file, onProgress: (event) => event.done && progress.push(event.table) });
    expect(result.migrationsBefore).toEqual([]);
    expect(result.rows).toBe(Object.values(sourceContents).reduce((sum, rows) => sum + rows.length, 0));
    expect(progress.length).toBe(Object.keys(sourceContents).length);
    expect(await contents(target)).toEqual(sourceContents);
    expect(await schemaShape(target)).toEqual(await schemaShape(source));
  });

  it.each(testEngines())('restores into a never-migrated %s database, migrating it', async (targetEngine) => {
    const target = track(await openTestDatabase(targetEngine, { blank: true }));
    const result = await restoreDatabase({ database: target, databaseUrl: target.url, input: file });
    expect(result.targetVersionBefore).toBeUndefined();
    expect([...result.migrationsBefore, ...result.migrationsAfter]).toEqual(listMigrations().map((migration) => migration.version));
    expect(await contents(target)).toEqual(sourceContents);
    if (targetEngine === engine) expect(await schemaShape(target)).toEqual(await schemaShape(source));
    expect(await appliedMigrations(target)).toEqual(listMigrations().map((migration) => migration.version));
  });

  it('continues identity sequences after a restore', async () => {
    const target = track(await openTestDatabase(engine));
    await restoreDatabase({ database: target, databaseUrl: target.url, input: file });
    const [before] = await target.raw.query<{ max: string }>('SELECT max(id)::text AS max FROM audit_log');
    await writeAudit(target.db, systemActor, { action: 'test.after_restore', entity: 'test' });
    const [after] = await target.raw.query<{ id: string }>(`SELECT id::text AS id FROM audit_log WHERE action = 'test.after_restore'`);
    expect(BigInt(after!.id)).toBe(BigInt(before!.max) + 1n);
    const customer = (await target.raw.query<{ id: string }>(`SELECT id FROM customers WHERE name = '张伟'`))[0]!;
    await updateCustomer(target.db, systemActor, customer.id, { stage: 'loyal' });
    expect((await target.raw.query('SELECT 1 FROM customer_stage_changes WHERE customer_id = $1', [customer.id])).length).toBe(2);
  });

  it('refuses a non-empty target without force and changes nothing; with force replaces it', async () => {
    const target = track(await openTestDatabase(engine));
    await createUser(target.db, systemActor, { username: 'someone-else', password: 'other-password' });
    const before = await contents(target);
    const error = await refusal(restoreDatabase({ database: target, databaseUrl: target.url, input: file }));
    expect(error.code).toBe('restore_target_not_empty');
    expect(error.messages['zh-CN']).toContain('--force');
    expect(error.messages['en-US']).toMatch(/not empty.*--force/);
    expect(await contents(target)).toEqual(before);

    await restoreDatabase({ database: target, databaseUrl: target.url, input: file, force: true });
    expect(await contents(target)).toEqual(sourceContents);
    // Restoring the same file twice is refused too: the target now holds the backup's data.
    expect((await refusal(restoreDatabase({ database: target, databaseUrl: target.url, input: file }))).code).toBe('restore_target_not_empty');
  });

  it('refuses a truncated file and changes nothing, even with force', async () => {
    const whole = readFileSync(file);
    const truncated = join(dir, 'truncated.weixi-backup');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.7)));

    const blank = track(await openTestDatabase(engine, { blank: true }));
    const error = await refusal(restoreDatabase({ database: blank, databaseUrl: blank.url, input: truncated }));
    expect(error.code).toBe('backup_corrupt');
    expect(error.messages['en-US']).toMatch(/damaged or incomplete/);
    expect(error.messages['zh-CN']).toContain('已损坏或不完整');
    // Even the migrations it ran inside the restore's transaction are gone.
    expect(await appliedMigrations(blank)).toEqual([]);

    const populated = track(await openTestDatabase(engine));
    await restoreDatabase({ database: populated, databaseUrl: populated.url, input: file });
    await createCustomer(populated.db, systemActor, { name: '恢复后新增' });
    const before = await contents(populated);
    const shape = await schemaShape(populated);
    expect((await refusal(restoreDatabase({ database: populated, databaseUrl: populated.url, input: truncated, force: true }))).code).toBe('backup_corrupt');
    expect(await contents(populated)).toEqual(before);
    expect(await schemaShape(populated)).toEqual(shape);
  });

  it('refuses files that are not backups, are damaged, or come from a newer version', async () => {
    const target = track(await openTestDatabase(engine));
    const before = await contents(target);
    const write = (name: string, data: Buffer | string) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    };
    const decompressed = gunzipSync(readFileSync(file));
    const headerEnd = decompressed.indexOf(0x0a);
    const header = JSON.parse(decompressed.subarray(0, headerEnd).toString('utf8')) as { tables: { name: string; rows: number }[]; schemaVersion: string; formatVersion: number };
    const rewritten = (change: (h: typeof header) => void) => {
      const copy = structuredClone(header);
      change(copy);
      return gzipSync(Buffer.concat([Buffer.from(JSON.stringify(copy)), decompressed.subarray(headerEnd)]));
    };
    const restore = (path: string) => refusal(restoreDatabase({ database: target, databaseUrl: target.url, input: path, force: true }));

    expect((await restore(write('plain.csv', 'id,name\n1,张伟\n'))).code).toBe('backup_not_recognised');
    expect((await restore(write('empty.weixi-backup', ''))).code).toBe('backup_not_recognised');
    expect((await restore(write('other.gz', gzipSync('{"hello": "world"}\n')))).code).toBe('backup_not_recognised');
    expect((await restore(join(dir, 'missing.weixi-backup'))).code).toBe('backup_file_missing');

    const newer = await restore(write('newer.weixi-backup', rewritten((h) => (h.schemaVersion = '9999_from_the_future'))));
    expect(newer.code).toBe('backup_schema_too_new');
    expect(newer.messages['zh-CN']).toContain('9999_from_the_future');
    expect((await restore(write('format2.weixi-backup', rewritten((h) => (h.formatVersion = 2))))).code).toBe('backup_format_too_new');

    const miscounted = await restore(write('miscounted.weixi-backup', rewritten((h) => (h.tables.find((t) => t.name === 'customers')!.rows += 1))));
    expect(miscounted.code).toBe('backup_corrupt');
    expect(miscounted.messages['en-US']).toContain('customers');

    const damaged = Buffer.from(readFileSync(file));
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    expect((await restore(write('damaged.weixi-backup', damaged))).code).toBe('backup_corrupt');

    // Intact file, impossible data: a membership of a group that does not exist.
    const membership = decompressed.indexOf('{"table":"customer_groups"');
    const rowStart = decompressed.indexOf(0x0a, membership) + 1;
    const groupAt = decompressed.indexOf(0x2c, rowStart) + 1;
    const orphaned = Buffer.from(decompressed);
    orphaned.write('00000000-0000-7000-8000-000000000000', groupAt, 'latin1');
    const failed = await restore(write('orphaned.weixi-backup', gzipSync(orphaned)));
    expect(failed.code).toBe('restore_failed');
    expect(failed.messages['en-US']).toMatch(/not changed.*customer_groups/);

    const trailing = Buffer.concat([decompressed, Buffer.from('{"table":"users","rows":1,"bytes":3}\nabc')]);
    expect((await restore(write('trailing.weixi-backup', gzipSync(trailing)))).code).toBe('backup_corrupt');

    expect(await contents(target)).toEqual(before);
  });

  it('round-trips when tables are split into many small chunks', async () => {
    const chunked = join(dir, 'chunked.weixi-backup');
    await backupDatabase({ database: source, databaseUrl: source.url, output: chunked, chunkBytes: 200, pgliteSliceRows: 3 });
    const frames = gunzipSync(readFileSync(chunked)).toString('utf8').match(/^\{"table":"customers",/gm) ?? [];
    expect(frames.length).toBeGreaterThan(5);
    for (const targetEngine of testEngines()) {
      const target = track(await openTestDatabase(targetEngine, { blank: true }));
      await restoreDatabase({ database: target, databaseUrl: target.url, input: chunked });
      expect(await contents(target)).toEqual(sourceContents);
    }
  });

  it.runIf(engine === 'postgres')('takes a consistent snapshot while another instance keeps writing', async () => {
    const busy = track(await openTestDatabase(engine));
    await fill(busy);
    // Enough rows that the backup stalls on the blocked output before it reaches customers.
    await busy.raw.exec(`INSERT INTO audit_log (action, entity, data) SELECT 'test.bulk', 'test', jsonb_build_object('h', md5(i::text)) FROM generate_series(1, 4000) i`);
    const customersBefore = (await contents(busy)).customers!.length;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started: () => void = () => undefined;
    const firstBytes = new Promise<void>((resolve) => (started = resolve));
    let wroteWhileBackingUp = false;
    const chunks: Buffer[] = [];
    // Holds every write until the other instance has committed: the backup stalls mid-way.
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        started();
        void released.then(() => callback());
      },
    });
    let backupDone = false;
    const backup = backupDatabase({ database: busy, databaseUrl: busy.url, output }).finally(() => (backupDone = true));
    // The first compressed bytes come after the header, so the snapshot is taken by now.
    await firstBytes;
    await createCustomer(busy.db, systemActor, { name: '备份期间新增' });
    wroteWhileBackingUp = !backupDone;
    release();
    await backup;
    expect(wroteWhileBackingUp).toBe(true);
    const snapshotFile = join(dir, 'snapshot.weixi-backup');
    writeFileSync(snapshotFile, Buffer.concat(chunks));
    const target = track(await openTestDatabase(engine));
    await restoreDatabase({ database: target, databaseUrl: target.url, input: snapshotFile });
    const restored = await contents(target);
    expect(restored.customers!.length).toBe(customersBefore);
    expect(restored.customers!.some((row) => row.includes('备份期间新增'))).toBe(false);
  });
});
