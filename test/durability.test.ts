import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, login, runWeixi, waitForOutput, type Child } from './process-helpers.js';

/**
 * The embedded store as a user runs it: the real binary, a data directory, signals.
 * PGlite itself has no lock and runs with fsync off, so these are the promises the app
 * must keep by itself.
 */
describe('embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-durability-'));
  const env = { WEIXI_ADMIN_PASSWORD: 'durable-admin-1' };
  const children: Child[] = [];
  afterAll(() => {
    for (const child of children) child.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(port: number): Promise<Child> {
    const child = runWeixi(['serve', '--port', String(port), '--data-dir', dataDir], env);
    children.push(child);
    await waitForOutput(child, /is serving/);
    return child;
  }

  it('refuses a second process on the same data directory while the first keeps serving', async () => {
    const port = await freePort();
    const first = await start(port);
    const second = runWeixi(['serve', '--port', String(await freePort()), '--data-dir', dataDir], env);
    children.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/data directory .* is in use by another Weixi process \(pid \d+/);
    expect(second.output()).toContain(String(first.process.pid));
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('loses no acknowledged write when the server is killed with SIGKILL', async () => {
    const port = await freePort();
    const server = await start(port);
    const base = `http://127.0.0.1:${port}`;
    const cookie = await login(base, 'admin', env.WEIXI_ADMIN_PASSWORD);
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `持久客户${i}`;
      const response = await fetch(`${base}/api/v1/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name, phones: [{ number: `1380000${String(i).padStart(4, '0')}` }] }),
      });
      expect(response.status).toBe(201);
      names.push(name);
    }
    server.process.kill('SIGKILL');
    await server.exited;

    // The stale lock of the killed process must not block the restart.
    const restarted = await start(port);
    const again = await login(base, 'admin', env.WEIXI_ADMIN_PASSWORD);
    const list = await fetch(`${base}/api/v1/customers?q=${encodeURIComponent('持久客户')}&limit=100`, { headers: { cookie: again } });
    const body = (await list.json()) as { items: { name: string }[]; total: number };
    expect(body.items.map((item) => item.name).sort()).toEqual([...names].sort());
    restarted.process.kill('SIGINT');
    expect(await restarted.exited).toBe(0);
  });
});
