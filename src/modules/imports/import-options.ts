import { z } from 'zod';
import { customerTargets, orderTargets, sourceEncodings, sourceFormats } from './contract.js';

/** What an import does with rows that match an existing customer. */
export const importModes = ['create-only', 'update-existing', 'create-or-update'] as const;
export type ImportMode = (typeof importModes)[number];
/** fill-empty: only fields the customer has no value for; overwrite: every value the row gives. */
export const mergePolicies = ['fill-empty', 'overwrite'] as const;
export type MergePolicy = (typeof mergePolicies)[number];

const customerTarget = z.union([z.enum(customerTargets), z.string().regex(/^custom:[a-z][a-z0-9_]{0,63}$/)]);

export const columnMappingInput = z
  .array(z.strictObject({ column: z.number().int().min(0).max(1000), header: z.string().max(200), target: z.string().max(80) }))
  .max(500);

/** Options stored with the job: a resumed job reads the file exactly as the first run did. */
export const importOptionsInput = z.strictObject({
  mode: z.enum(importModes).default('create-or-update'),
  mergePolicy: z.enum(mergePolicies).default('fill-empty'),
  allOrNothing: z.boolean().default(false),
  /** Absent: detected from the headers by the mapping module. */
  mapping: columnMappingInput.optional(),
  format: z.enum(sourceFormats).optional(),
  encoding: z.enum(sourceEncodings).optional(),
  sheet: z.string().max(200).optional(),
  /** Orders: create a customer for a phone, e-mail or customer id no customer has (otherwise the row is refused). */
  createCustomers: z.boolean().default(false),
  /** Rows per committed batch; part of the job so resume meets the same batch boundaries. */
  batchSize: z.number().int().min(1).max(50_000).default(5_000),
});
export type ImportOptionsInput = z.input<typeof importOptionsInput>;
export type ImportOptions = z.output<typeof importOptionsInput>;

export function isCustomerTarget(target: string): boolean {
  return customerTarget.safeParse(target).success;
}

export function isOrderTarget(target: string): boolean {
  return (orderTargets as readonly string[]).includes(target);
}
