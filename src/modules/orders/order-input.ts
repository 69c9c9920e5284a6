import { z } from 'zod';
import { pageInput } from '../../shared/cursor.js';
import { bilingual } from '../../shared/zod-issues.js';
import { eventTime } from '../timeline/interaction-input.js';
import { decimalString } from './money.js';

export const orderItemInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Negative for returned items. */
  quantity: z.number().int().min(-1_000_000).max(1_000_000).refine((value) => value !== 0, bilingual('数量不能为 0', 'must not be 0')),
  unitPrice: decimalString(),
});

export const addOrderInput = z.strictObject({
  orderedAt: eventTime,
  /**
   * Negative for a refund or cancellation. Zero is a real order (a free sample, a gift, a
   * fully discounted order): the analyses count it as a purchase day, as the importer does.
   */
  amount: decimalString({ signed: true }),
  /** What the order cost the company, for margins. */
  cost: decimalString().nullable().optional(),
  currency: z.string().trim().refine((value) => /^[A-Z]{3}$/.test(value), bilingual('应为三位大写货币代码，如 CNY', 'must be a 3-letter upper-case currency code such as CNY')).default('CNY'),
  description: z.string().trim().max(500).nullable().optional(),
  channel: z.string().trim().max(32).nullable().optional(),
  items: z.array(orderItemInput).max(500).default([]),
  /** The order's id in the system it came from; unique per customer. */
  externalId: z.string().trim().min(1).max(100).nullable().optional(),
});
export type AddOrderInput = z.input<typeof addOrderInput>;

export const listOrdersFilter = z.strictObject(pageInput);
export type ListOrdersFilter = z.input<typeof listOrdersFilter>;
