/**
 * What the benchmarks share: progress lines on stderr, the median, statements run on the
 * PostgreSQL admin connection (create and drop the bench database), and the flag reading
 * loop with its checks.
 */
import pg from 'pg';

export function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const DEFAULT_ADMIN_URL = process.env.WEIXI_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type FlagReader = {
  /** The next argument, the flag's value. */
  value(): string;
  /** The next argument as a whole number ≥ 1 (underscores allowed: 1_000_000). */
  count(): number;
};

/** Walks the flags; `handle` returns false for a flag it does not know, which stops with an error. */
export function readFlags(argv: readonly string[], handle: (flag: string, read: FlagReader) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const read: FlagReader = {
      value: () => {
        const next = argv[++i];
        if (next === undefined) throw new Error(`${flag} needs a value`);
        return next;
      },
      count: () => {
        const n = Number(read.value().replace(/_/g, ''));
        if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number ≥ 1`);
        return n;
      },
    };
    if (!handle(flag, read)) throw new Error(`unknown option ${flag}`);
  }
}
