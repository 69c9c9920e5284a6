/**
 * True when a query failed on PostgreSQL's unique_violation (23505) for the named
 * constraint or index. Use cases check for duplicates first to answer with a clear 409;
 * this catches the race where two requests pass that check together.
 * Drivers and drizzle wrap errors differently, so the cause chain is walked.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === '23505') {
      return candidate.constraint === constraint || String(candidate.message ?? '').includes(constraint);
    }
    current = candidate.cause;
  }
  return false;
}
