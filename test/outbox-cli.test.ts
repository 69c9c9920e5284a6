import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { openTestDatabase, pgliteTemplatePath, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { countMessages } from '../src/modules/messaging/count-messages.js';
import { createTemplate } from '../src/modules/messaging/create-template.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { systemActor } from '../src/modules/users/actor.js';
import { runWeixi } from './process-helpers.js';

describe.each(testEngines())('weixi send on %s', (engine) => {
  let dataDir: string | undefined;
  let pg: TestDatabase | undefined;
  afterAll(async () => {
    await pg?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    if (pg) return fn(pg);
    const database = await openDatabase({ dataDir });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }
  async function weixi(args: string[]): Promise<string> {
    const child = runWeixi([...args, ...(pg ? ['--database-url', pg.url!] : ['--data-dir', dataDir!])]);
    const code = await child.exited;
    if (code !== 0) throw new Error(`weixi ${args.join(' ')} exited ${code}:\n${child.output()}`);
    return child.output();
  }

  it('previews with --dry-run, then queues a batch for the customers matching the filters', async () => {
    if (engine === 'postgres') pg = await openTestDatabase('postgres');
    else {
      dataDir = mkdtempSync(join(tmpdir(), 'weixi-send-cli-'));
      await (await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) })).close();
    }
    await withDb(async ({ db }) => {
      await updateChannelSettings(db, systemActor, 'email', { host: '127.0.0.1', port: 2525, from: 'care@weixi.test', publicUrl: 'https://crm.weixi.test' });
      await createTemplate(db, systemActor, { name: '中秋问候', channel: 'email', subject: '{{holiday}}快乐', bodyText: '{{name}}，{{holiday}}快乐！' });
      await createCustomer(db, systemActor, { name: '陈晨', region: '华南', tags: ['VIP'], emails: [{ address: 'chen@example.com' }] });
      await createCustomer(db, systemActor, { name: '许多', region: '华南', tags: ['VIP'] });
      await createCustomer(db, systemActor, { name: '冯雪', region: '西南', tags: ['VIP'], emails: [{ address: 'feng@example.com' }] });
    });
    const preview = await weixi(['send', '--template', '中秋问候', '--channel', 'email', '--region', '华南', '--holiday', '中秋', '--dry-run']);
    expect(preview).toContain('selected 2, will send 1');
    expect(preview).toContain('excluded (no_address): 1 — 许多');
    expect(preview).toContain('陈晨，中秋快乐！');
    expect(await withDb(({ db }) => countMessages(db))).toEqual({});

    const sent = await weixi(['send', '--template', '中秋问候', '--channel', 'email', '--tag', 'VIP', '--holiday', '中秋', '--at', '2030-09-01T09:00:00+08:00']);
    expect(sent).toMatch(/batch [0-9a-f-]{36} "中秋问候 .*": 2 queued; selected 3, no address 1, not found 0/);
    expect(await withDb(({ db }) => countMessages(db))).toEqual({ queued: 2 });

    const refused = runWeixi(['send', '--template', '没有这个', '--channel', 'email', '--dry-run', ...(pg ? ['--database-url', pg.url!] : ['--data-dir', dataDir!])]);
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('no email template named "没有这个"');
  });
});
