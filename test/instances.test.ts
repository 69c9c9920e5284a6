import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, serverUrl } from '../src/db/test-support.js';
import { freePort, login, runWeixi, waitForOutput, type Child } from './process-helpers.js';

/** Two app instances on one PostgreSQL: sessions and data live in the database, not in a process. */
describe.runIf(process.env.TEST_DATABASE_URL)('several instances on one PostgreSQL', () => {
  const name = `weixi_instances_${randomBytes(4).toString('hex')}`;
  const children: Child[] = [];
  afterAll(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('starts two instances at once (one migrates, one waits) and shares sessions and data', async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    const env = { DATABASE_URL: serverUrl(name), WEIXI_ADMIN_PASSWORD: 'instances-admin-1' };
    const [portA, portB] = [await freePort(), await freePort()];
    const a = runWeixi(['serve', '--port', String(portA)], env);
    const b = runWeixi(['serve', '--port', String(portB)], env);
    children.push(a, b);
    await Promise.all([waitForOutput(a, /is serving/), waitForOutput(b, /is serving/)]);
    // Exactly one of them created the first admin.
    expect([a.output(), b.output()].filter((output) => output.includes('created the administrator')).length).toBe(1);

    const cookie = await login(`http://127.0.0.1:${portA}`, 'admin', env.WEIXI_ADMIN_PASSWORD);
    const created = await fetch(`http://127.0.0.1:${portA}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: '共享客户' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const viaB = await fetch(`http://127.0.0.1:${portB}/api/v1/customers/${id}`, { headers: { cookie } });
    expect(viaB.status).toBe(200);
    expect(((await viaB.json()) as { name: string }).name).toBe('共享客户');
  });
});
