import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { normalizePhone } from '../../shared/phones.js';
import { listCustomers } from '../customers/list-customers.js';
import { stages } from '../customers/schema.js';
import { buildSearchQuery } from '../customers/search-fields.js';
import { systemActor } from '../users/actor.js';
import { verifyPassword } from '../users/passwords.js';
import { csvArray, csvText, pgArray } from './csv.js';
import { DemoGenerator, type DemoCustomerBundle } from './generate-demo.js';
import { DEMO_PASSWORD, loadDemo } from './load-demo.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MONEY = /^\d+\.\d{2}$/;

function sample(seed: number, size: number): DemoCustomerBundle[] {
  return [...new DemoGenerator({ size, seed }).customers()];
}

describe('demo generator', () => {
  const size = 6_000;
  const bundles = sample(7, size);
  const customers = bundles.map((bundle) => bundle.customer);

  it('gives identical output for the same seed, ids included', () => {
    const again = sample(7, size);
    expect(again).toEqual(bundles);
    const generator = new DemoGenerator({ size, seed: 7 });
    expect(generator.users).toEqual(new DemoGenerator({ size, seed: 7 }).users);
    // Any slice on its own equals the same customers generated in one run.
    expect([...generator.customers(4_000, 4_010)]).toEqual(bundles.slice(4_000, 4_010));
  });

  it('gives different output for a different seed or reference date', () => {
    const other = sample(8, 200);
    expect(other.map((bundle) => bundle.customer.id)).not.toEqual(bundles.slice(0, 200).map((bundle) => bundle.customer.id));
    expect(other.map((bundle) => bundle.customer.name)).not.toEqual(customers.slice(0, 200).map((customer) => customer.name));
    const shifted = new DemoGenerator({ size, seed: 7, referenceDate: '2025-06-01' }).customer(10);
    expect(shifted.customer.createdAt).not.toBe(customers[10]!.createdAt);
    expect(() => new DemoGenerator({ size: 1, seed: 1, referenceDate: '2025-13-01' })).toThrow(RangeError);
  });

  it('makes valid, unique, time-ordered ids', () => {
    const ids = bundles.flatMap((bundle) => [
      bundle.customer.id,
      ...bundle.orders.map((order) => order.id),
      ...bundle.interactions.map((interaction) => interaction.id),
      ...bundle.investments.map((investment) => investment.id),
    ]);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Customer ids follow creation time, so they append to the primary key.
    const customerIds = customers.map((customer) => customer.id);
    expect([...customerIds].sort()).toEqual(customerIds);
  });

  it('has realistic people: surnames by frequency, a few compound and English names, valid contacts', () => {
    const count = (test: (name: string) => boolean): number => customers.filter((customer) => test(customer.name)).length;
    const wang = count((name) => name.startsWith('王'));
    const zhou = count((name) => name.startsWith('周'));
    expect(wang / size).toBeGreaterThan(0.04);
    expect(wang).toBeGreaterThan(zhou * 2);
    const compound = count((name) => /^(欧阳|司马|上官|诸葛|司徒|东方|皇甫|慕容|令狐|尉迟|夏侯|公孙|长孙|宇文)/.test(name));
    expect(compound).toBeGreaterThan(0);
    expect(compound / size).toBeLessThan(0.01);
    const latin = count((name) => /^[A-Z]/.test(name));
    expect(latin / size).toBeGreaterThan(0.01);
    expect(latin / size).toBeLessThan(0.05);
    for (const customer of customers.slice(0, 2_000)) {
      for (const phone of customer.phones) {
        // Stored exactly as the product stores a phone it has normalised.
        expect(normalizePhone(phone.number)?.number).toBe(phone.number);
      }
      for (const email of customer.emails) expect(email.address).toMatch(/^[a-z0-9._]+@([a-z]+\.)?example\.(com|net|org)$/);
      expect(customer.nameSort).toMatch(/^[a-z ]+$/);
    }
    expect(customers.filter((customer) => customer.phones.length > 1).length).toBeGreaterThan(size * 0.05);
    expect(customers.filter((customer) => customer.wechat).length / size).toBeGreaterThan(0.5);
    expect(customers.filter((customer) => customer.company?.endsWith('有限公司')).length / size).toBeGreaterThan(0.4);
  });

  it('has about 70% birthdays, a fifth of them lunar, some in a leap month', () => {
    const withBirthday = customers.filter((customer) => customer.birthday);
    expect(withBirthday.length / size).toBeGreaterThan(0.65);
    expect(withBirthday.length / size).toBeLessThan(0.75);
    const lunar = withBirthday.filter((customer) => customer.birthdayLunar);
    expect(lunar.length / withBirthday.length).toBeGreaterThan(0.15);
    expect(lunar.length / withBirthday.length).toBeLessThan(0.25);
    for (const customer of withBirthday) expect(Number.isNaN(Date.parse(customer.birthday!))).toBe(false);
  });

  it('spreads customers over all six stages with a history that ends in the current stage', () => {
    const byStage = new Map(stages.map((stage) => [stage, 0]));
    for (const bundle of bundles) {
      const { customer, stageChanges } = bundle;
      byStage.set(customer.stage, byStage.get(customer.stage)! + 1);
      expect(stageChanges[0]!.fromStage).toBeNull();
      expect(stageChanges[0]!.at).toBe(customer.createdAt);
      stageChanges.forEach((change, index) => {
        if (index > 0) {
          expect(change.fromStage).toBe(stageChanges[index - 1]!.toStage);
          expect(change.at > stageChanges[index - 1]!.at).toBe(true);
        }
      });
      expect(stageChanges.at(-1)!.toStage).toBe(customer.stage);
      expect(customer.updatedAt >= stageChanges.at(-1)!.at).toBe(true);
    }
    for (const stage of stages) expect(byStage.get(stage)! / size).toBeGreaterThan(0.02);
    expect(byStage.get('current')!).toBeGreaterThan(byStage.get('non_customer')!);
  });

  it('has orders only from buyers, in the last two years, none long after churning, with 80/20 revenue', () => {
    const end = Date.parse('2026-11-01T00:00:00+08:00');
    const revenue: number[] = [];
    for (const { customer, orders, stageChanges } of bundles) {
      if (!['current', 'loyal', 'churned'].includes(customer.stage)) expect(orders).toEqual([]);
      let total = 0;
      for (const order of orders) {
        expect(order.amount).toMatch(MONEY);
        expect(order.cost).toMatch(MONEY);
        const at = Date.parse(order.orderedAt);
        expect(at).toBeLessThan(end);
        expect(at).toBeGreaterThan(end - 2 * 366 * 86_400_000);
        total += Number(order.amount);
      }
      if (customer.stage === 'churned' && orders.length > 0) {
        expect(orders.at(-1)!.orderedAt < stageChanges.at(-1)!.at).toBe(true);
      }
      if (total > 0) revenue.push(total);
    }
    revenue.sort((a, b) => b - a);
    const all = revenue.reduce((sum, value) => sum + value, 0);
    const top = revenue.slice(0, Math.ceil(revenue.length * 0.2)).reduce((sum, value) => sum + value, 0);
    expect(top / all).toBeGreaterThan(0.6);
    const loyal = bundles.filter((bundle) => bundle.customer.stage === 'loyal');
    const current = bundles.filter((bundle) => bundle.customer.stage === 'current');
    const mean = (list: DemoCustomerBundle[]): number => list.reduce((sum, bundle) => sum + bundle.orders.length, 0) / list.length;
    expect(mean(loyal)).toBeGreaterThan(mean(current) * 2);
  });

  it('puts customers in several groups and tags them', () => {
    const memberships = bundles.reduce((sum, bundle) => sum + bundle.groups.length, 0);
    expect(memberships / size).toBeGreaterThan(0.8);
    expect(bundles.some((bundle) => bundle.groups.length >= 2)).toBe(true);
    const used = new Set(bundles.flatMap((bundle) => bundle.groups.map((group) => group.groupId)));
    expect(used.size).toBe(new DemoGenerator({ size: 1, seed: 7 }).groups.length);
    expect(customers.some((customer) => customer.tags.includes('VIP'))).toBe(true);
  });
});

describe('CSV for COPY', () => {
  it('quotes what needs quoting', () => {
    expect(csvText(null)).toBe('');
    expect(csvText('')).toBe('""');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(pgArray(['VIP', 'a b', 'q"u\\o', '', 'null', '{x}'])).toBe('{VIP,"a b","q\\"u\\\\o","","null","{x}"}');
    expect(csvArray(['a', 'b'])).toBe('"{a,b}"');
  });
});

describe.each(testEngines())('loading the demo on %s', (engine) => {
  let database: TestDatabase;
  const size = 2_000;
  const seed = 11;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it('loads consistent counts, restores indexes, and every customer is findable by name', async () => {
    const indexesBefore = await database.raw.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
    );
    const constraintsBefore = await database.raw.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY conname`);
    const progress: number[] = [];
    const result = await loadDemo(database, { size, seed, batchSize: 500, onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(size);
    expect(result.deferred).toBeGreaterThan(0);

    const expected = { customers: 0, groupMemberships: 0, stageChanges: 0, orders: 0, investments: 0, interactions: 0 };
    for (const bundle of new DemoGenerator({ size, seed }).customers()) {
      expected.customers++;
      expected.groupMemberships += bundle.groups.length;
      expected.stageChanges += bundle.stageChanges.length;
      expected.orders += bundle.orders.length;
      expected.investments += bundle.investments.length;
      expected.interactions += bundle.interactions.length;
    }
    expect(result).toMatchObject({ ...expected, users: 7, groups: 10 });
    const [counts] = await database.raw.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM customers) AS customers, (SELECT count(*)::int FROM customer_groups) AS "groupMemberships",
      (SELECT count(*)::int FROM customer_stage_changes) AS "stageChanges", (SELECT count(*)::int FROM orders) AS orders,
      (SELECT count(*)::int FROM investments) AS investments, (SELECT count(*)::int FROM interactions) AS interactions`);
    expect(counts).toEqual(expected);

    // Indexes and foreign keys dropped for the load are all back, exactly as they were.
    expect(await database.raw.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`)).toEqual(indexesBefore);
    expect(await database.raw.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY conname`)).toEqual(constraintsBefore);

    // Every customer is found by its own name through the search columns.
    const rows = await database.raw.query<{ id: string; name: string }>('SELECT id, name FROM customers');
    const probes = rows.map((row) => ({ id: row.id, ...buildSearchQuery(row.name)! }));
    const [missing] = await database.raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jsonb_to_recordset($1::jsonb) AS q(id uuid, grams text[], pattern text)
        WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = q.id AND c.search_keys @> q.grams AND c.search_text LIKE q.pattern)`,
      [JSON.stringify(probes)],
    );
    expect(missing!.n).toBe(0);

    // ... and through the product's own list function, with a stage and a group filter.
    const [target] = await database.raw.query<{ id: string; name: string; stage: string; group_id: string }>(
      `SELECT c.id, c.name, c.stage, g.group_id FROM customers c JOIN customer_groups g ON g.customer_id = c.id ORDER BY c.id LIMIT 1`,
    );
    const listed = await listCustomers(database.db, systemActor, { q: target!.name, stages: [target!.stage as never], groupIds: [target!.group_id] });
    expect(listed.items.map((item) => item.id)).toContain(target!.id);

    // Demo staff can sign in with the published password.
    const [user] = await database.raw.query<{ password_hash: string; role: string }>(`SELECT password_hash, role FROM users WHERE username = 'wanglei'`);
    expect(user!.role).toBe('staff');
    expect(await verifyPassword(user!.password_hash, DEMO_PASSWORD)).toBe(true);

    // Loading the same seed again is refused and changes nothing.
    await expect(loadDemo(database, { size, seed })).rejects.toThrow(/already loaded/);
    const [after] = await database.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    expect(after!.n).toBe(size);
  });
});
