import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWeixi } from './process-helpers.js';

/**
 * `weixi model fit|predict` run as a user runs them, on the CDNOW files of ../shared/data,
 * checked against the estimates published in the literature (Fader, Hardie & Lee 2005;
 * Fader & Hardie 2013) within 0.5%.
 */
const DATA = join(process.cwd(), '..', 'shared', 'data', 'cdnow');
const SUMMARY = join(DATA, 'cdnow_customers_summary.csv');
const WITH_SPEND = join(DATA, 'cdnow_customers_summary_with_transactions.csv');
const dir = mkdtempSync(join(tmpdir(), 'weixi-model-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function weixi(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = runWeixi(args, env);
  const code = await child.exited;
  return { code, output: child.output() };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function expectWithin(actual: number, published: number, relative = 0.005): void {
  expect(Math.abs(actual - published) / Math.abs(published)).toBeLessThan(relative);
}

describe('weixi model fit', () => {
  it('BG/NBD on the CDNOW summary gives the published r, α, a, b and log-likelihood', async () => {
    const { code, output } = await weixi(['model', 'fit', 'bgnbd', '--input', SUMMARY, '--json']);
    expect(code).toBe(0);
    const fit = JSON.parse(output) as { model: string; params: Record<string, number>; logLikelihood: number; status: string };
    expect(fit.model).toBe('bgnbd');
    expect(fit.status).toBe('converged');
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expectWithin(fit.params.r!, 0.243);
    expectWithin(fit.params.alpha!, 4.414);
    expectWithin(fit.params.a!, 0.793);
    expectWithin(fit.params.b!, 2.426);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
  }, 180_000);

  it('Pareto/NBD on the same file gives the published r, α, s, β', async () => {
    const { code, output } = await weixi(['model', 'fit', 'pareto-nbd', '--input', SUMMARY, '--json']);
    expect(code).toBe(0);
    const fit = JSON.parse(output) as { params: Record<string, number>; status: string; logLikelihood: number };
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expectWithin(fit.params.r!, 0.553);
    expectWithin(fit.params.alpha!, 10.578);
    expectWithin(fit.params.s!, 0.606);
    expectWithin(fit.params.beta!, 11.669);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
  }, 180_000);

  it('Gamma-Gamma on the repeat buyers of the _with_transactions file (x,zbar) gives p, q, γ; frequency,monetary_value works too', async () => {
    const { code, output } = await weixi(['model', 'fit', 'gamma-gamma', '--input', WITH_SPEND, '--json']);
    expect(code).toBe(0);
    const fit = JSON.parse(output) as { params: Record<string, number>; customers: number };
    expect(fit.customers).toBe(946);
    expectWithin(fit.params.p!, 6.25);
    expectWithin(fit.params.q!, 3.74);
    expectWithin(fit.params.gamma!, 15.44);
    const renamed = file('lifetimes.csv', 'customer_id,frequency,monetary_value\n1,2,22.35\n2,1,11.77\n3,0,0\n4,4,30.5\n5,1,80\n6,3,12\n');
    const small = await weixi(['model', 'fit', 'gamma-gamma', '-i', renamed, '--json']);
    expect(small.code).toBe(0);
    expect(JSON.parse(small.output).customers).toBe(5);
  }, 180_000);

  it('prints a readable table in the language asked for', async () => {
    const en = await weixi(['model', 'fit', 'bgnbd', '-i', SUMMARY, '--lang', 'en']);
    expect(en.output).toMatch(/model bgnbd: converged/);
    expect(en.output).toMatch(/^alpha\s+4\.41\d+/m);
    expect(en.output).toMatch(/log-likelihood -9582\.4/);
    const zh = await weixi(['model', 'fit', 'bgnbd', '-i', SUMMARY], { WEIXI_LANG: 'zh-CN' });
    expect(zh.output).toMatch(/对数似然 -9582\.4/);
  }, 180_000);

  it('sBG fits one column of customers still active per period', async () => {
    // Fader & Hardie (2007), "regular" segment, years 0–7: α 0.704, β 1.182.
    const regular = file('regular.csv', 'regular\n1000\n631\n468\n382\n326\n289\n262\n241\n');
    const { code, output } = await weixi(['model', 'fit', 'sbg', '-i', regular, '--json']);
    expect(code).toBe(0);
    const fit = JSON.parse(output) as { params: Record<string, number> };
    expect(Object.keys(fit.params)).toEqual(['alpha', 'beta']);
    expectWithin(fit.params.alpha!, 0.704);
    expectWithin(fit.params.beta!, 1.182);
  }, 180_000);
});

describe('weixi model predict', () => {
  it('customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86) expects 1.226 purchases in the next 39 weeks', async () => {
    const { code, output } = await weixi(['model', 'predict', 'bgnbd', '-i', SUMMARY, '--horizon', '39']);
    expect(code).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe('id,x,t_x,T,p_alive,expected_purchases');
    expect(lines).toHaveLength(2358);
    const [id, x, tx, T, pAlive, expected] = lines[1]!.split(',');
    expect([id, x, tx, T]).toEqual(['1', '2', '30.43', '38.86']);
    expect(Number(expected)).toBeCloseTo(1.226, 3);
    // P(alive) by hand at the published estimates: 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
    const byHand = 1 / (1 + (0.793 / (2.426 + 1)) * ((4.414 + 38.86) / (4.414 + 30.43)) ** (0.243 + 2));
    expect(Number(pAlive)).toBeCloseTo(byHand, 2);
  }, 180_000);

  it('with a spend column adds the Gamma-Gamma expected order value and a discounted CLV (JSON)', async () => {
    const { code, output } = await weixi(['model', 'predict', 'bgnbd', '-i', WITH_SPEND, '--horizon', '39', '--period-length', '13', '--discount-rate', '0.02', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(output) as { fits: { model: string; params: Record<string, number> }[]; rows: Record<string, number | string>[] };
    expect(result.fits.map((fit) => fit.model)).toEqual(['bgnbd', 'gamma-gamma']);
    const first = result.rows[0]!;
    const { p, q, gamma } = result.fits[1]!.params as { p: number; q: number; gamma: number };
    // E[M | x = 2, zbar = 22.35] = (γ + x·zbar)·p / (p·x + q − 1).
    expect(first.expected_aov as number).toBeCloseTo(((gamma + 2 * 22.35) * p) / (p * 2 + q - 1), 3);
    // Undiscounted, the CLV would be expected_aov × expected purchases; discounting makes it smaller but not by more than (1.02)^3.
    const undiscounted = (first.expected_aov as number) * (first.expected_purchases as number);
    expect(first.clv as number).toBeLessThan(undiscounted);
    expect(first.clv as number).toBeGreaterThan(undiscounted / 1.02 ** 3);
    // A customer without repeat purchases is valued at the population mean γp/(q−1) = 35.17.
    expect(result.rows[2]!.expected_aov as number).toBeCloseTo(35.17, 1);
  }, 180_000);

  it('uses given parameters (the output of model fit --json) instead of fitting', async () => {
    const params = file('params.json', JSON.stringify({ model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }));
    const { code, output } = await weixi(['model', 'predict', 'bgnbd', '-i', SUMMARY, '--horizon', '39', '--params', params]);
    expect(code).toBe(0);
    expect(Number(output.split('\n')[1]!.split(',')[5])).toBeCloseTo(1.226, 3);
  }, 180_000);

  it('projects an sBG cohort: survival, renewal probability and DERL per period', async () => {
    const cohort = file('cohort.csv', 'regular\n1000\n631\n468\n382\n326\n289\n262\n241\n');
    const { code, output } = await weixi(['model', 'predict', 'sbg', '-i', cohort, '--horizon', '12', '--discount-rate', '0.1', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(output) as { fits: { params: { alpha: number; beta: number } }[]; rows: Record<string, number | null>[] };
    const { alpha, beta } = result.fits[0]!.params;
    expect(result.rows).toHaveLength(13);
    expect(result.rows[1]!.renewal_probability).toBeCloseTo(beta / (alpha + beta), 5);
    expect(result.rows[5]!.renewal_probability).toBeCloseTo((beta + 4) / (alpha + beta + 4), 5);
    expect(result.rows[7]!.actual_regular).toBe(241);
    expect(result.rows[8]!.actual_regular).toBeNull();
    // Beyond the data: the 241 survivors of year 7 times S(8)/S(7) = 241 · (β+7)/(α+β+7).
    expect(result.rows[8]!.projected_regular).toBeCloseTo(241 * (beta + 7) / (alpha + beta + 7), 1);
    // The published actual for year 8 is 216; the projection lands within 6%.
    expect(Math.abs(result.rows[8]!.projected_regular! - 216) / 216).toBeLessThan(0.06);
    expect(result.rows[1]!.derl).toBeGreaterThan(1);
  }, 180_000);
});

describe('bad files are refused with the line and column, in zh or en', () => {
  it.each([
    ['frequency,recency,T\n2,30.43,38.86\n\n1.5,1,38\n', 'line 4, column "frequency": "1.5" must be a whole number >= 0', '第 4 行“frequency”列'],
    ['x,t_x,T\n2,40,38\n', 'line 2, column "t_x": the last purchase (40) is after the end of observation T = 38', '第 2 行“t_x”列'],
    ['x,t_x,T\n2,abc,38\n', 'line 2, column "t_x": "abc" must be a number >= 0', '第 2 行“t_x”列'],
    ['x,recent,T\n2,3,38\n', 'line 1: the header has no  recency / t_x  column', '表头中缺少'],
    ['x,t_x,T\n', 'the file has a header but no data lines', '只有表头'],
  ])('%j', async (text, english, chinese) => {
    const path = file('bad.csv', text);
    const en = await weixi(['model', 'fit', 'bgnbd', '-i', path, '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.output).toContain(english);
    expect(en.output).not.toMatch(/at .*\.ts/); // no stack trace
    const zh = await weixi(['model', 'fit', 'bgnbd', '-i', path], { WEIXI_LANG: 'zh-CN' });
    expect(zh.code).toBe(2);
    expect(zh.output).toContain(chinese);
  }, 180_000);

  it('an sBG column that grows, an unknown model and a missing file', async () => {
    const grows = file('grows.csv', 'a\n100\n90\n95\n');
    expect((await weixi(['model', 'fit', 'sbg', '-i', grows, '--lang', 'en'])).output).toContain('line 4, column "a": active customers (95) exceed the previous period (90)');
    const unknown = await weixi(['model', 'fit', 'bg', '-i', grows, '--lang', 'en']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('unknown model "bg"');
    expect((await weixi(['model', 'fit', 'bgnbd', '-i', join(dir, 'missing.csv'), '--lang', 'en'])).output).toContain('cannot read the file (ENOENT)');
    expect((await weixi(['model', 'predict', 'bgnbd', '-i', SUMMARY, '--lang', 'en'])).output).toContain('--horizon: predictions need a horizon > 0');
  }, 180_000);
});
