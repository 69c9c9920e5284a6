import type { z } from 'zod';
import { ValidationError } from './errors.js';
import { toFieldIssues } from './zod-issues.js';

/**
 * Validates use-case input with its zod schema. Routes validate too (for OpenAPI and
 * early 400s), but use cases are also called from the CLI and other modules.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error.issues));
  return result.data;
}
