import { z } from 'zod';
import { pageInput } from '../../shared/cursor.js';
import { bilingual } from '../../shared/zod-issues.js';
import { eventTime } from '../timeline/interaction-input.js';
import { decimalString, isZeroDecimal } from './money.js';
import { investmentKinds } from './schema.js';

/** What the company spent on a customer (企业投入): a gift, a discount, service hours… */
export const addInvestmentInput = z
  .strictObject({
    kind: z.enum(investmentKinds),
    occurredAt: eventTime,
    cost: decimalString(),
    /** Required for service_hours; numeric(8, 2). */
    hours: decimalString({ integerDigits: 6 }).nullable().optional(),
    description: z.string().trim().max(500).nullable().optional(),
  })
  .refine((value) => value.kind !== 'service_hours' || (value.hours != null && !isZeroDecimal(value.hours)), {
    path: ['hours'],
    ...bilingual('服务工时须填写大于 0 的小时数', 'is required (more than 0) for service hours'),
  });
export type AddInvestmentInput = z.input<typeof addInvestmentInput>;

export const listInvestmentsFilter = z.strictObject(pageInput);
export type ListInvestmentsFilter = z.input<typeof listInvestmentsFilter>;
