import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { loadDemo } from '../demo/load-demo.js';
import { systemActor } from '../users/actor.js';
import { COUNT_CAP, listCustomers, type ListCustomersFilter, type ListTuning } from './list-customers.js';

/**
 * listCustomers picks its plan by how many rows the planner expects to match (a walk in
 * sort order for broad filters, with a fallback; fetch and sort for narrow ones). Whatever the plan, paging through a
 * filter must give exactly the rows, in exactly the order, that plain SQL gives.
 */
describe.each(testEngines())('customer list plans on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await loadDemo(database, { size: 1_400, seed: 3, parts: { orders: false, investments: false, interactions: false } });
  });
  afterAll(() => database.close());

  async function allPages(filter: ListCustomersFilter, tuning?: ListTuning): Promise<{ ids: string[]; total: number; estimate: boolean }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let first: { total: number; totalIsEstimate: boolean } | undefined;
    do {
      const page = await listCustomers(database.db, systemActor, { ...filter, limit: 100, cursor }, tuning);
      first ??= page;
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { ids, total: first!.total, estimate: first!.totalIsEstimate };
  }

  async function expected(where: string, params: unknown[], order: string): Promise<string[]> {
    return (await database.raw.query<{ id: string }>(`SELECT id FROM customers WHERE ${where} ORDER BY ${order}`, params)).map((row) => row.id);
  }

  it('pages a broad filter (over the count cap) by walking, in the right order', async () => {
    const everyone = await expected('true', [], 'updated_at DESC, id DESC');
    expect(everyone.length).toBeGreaterThan(COUNT_CAP);
    const listed = await allPages({});
    expect(listed.estimate).toBe(true);
    expect(listed.total).toBe(COUNT_CAP);
    expect(listed.ids).toEqual(everyone);
  });

  it('falls back when the walk does not fill a page', async () => {
    // Everyone matches (over the cap), but a 50-row walk cannot fill a page of 100.
    const rows = await expected('true', [], 'name_sort, id');
    const listed = await allPages({ sort: 'name' }, { walkBudget: 50, plan: 'walk' });
    expect(listed.estimate).toBe(true);
    expect(listed.ids).toEqual(rows);
  });

  it('gives the same pages whichever plan it takes', async () => {
    const rows = await expected("stage = 'current'", [], 'created_at DESC, id DESC');
    for (const plan of ['walk', 'sort'] as const) {
      const listed = await allPages({ stages: ['current'], sort: '-created' }, { plan, walkBudget: 300 });
      expect(listed.ids).toEqual(rows);
    }
  });

  it('pages a narrow filter with an exact total', async () => {
    const rows = await expected("name LIKE '%王%'", [], 'created_at, id');
    const listed = await allPages({ q: '王', sort: 'created' });
    expect(listed.estimate).toBe(false);
    expect(listed.total).toBe(rows.length);
    expect(listed.ids).toEqual(rows);
  });
});
