import { z } from 'zod';

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponse.describe('Invalid input: details.fields lists each bad field'),
  401: errorResponse.describe('Not signed in'),
  403: errorResponse.describe('Not allowed'),
  404: errorResponse.describe('Not found or not accessible'),
  409: errorResponse.describe('Conflict'),
};

export const idParams = z.strictObject({ id: z.uuid() });

/** "a,b,c" in a query string as a list (absent or empty = no filter). */
export function splitList(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}
