import { z } from 'zod';
import { bilingual } from '../../../shared/zod-issues.js';

/** What a provider callback could not use, item by item, so one bad entry does not sink a batch. */
export type Skipped = { index: number; reason: string };
export type ParsedCallback<T> = { items: T[]; skipped: Skipped[] };

/** "2017-09-01 00:00:00": Aliyun and Tencent report local time in China (UTC+8). */
export const chinaTime = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value), bilingual('应为 yyyy-MM-dd HH:mm:ss', 'must be yyyy-MM-dd HH:mm:ss'))
  .transform((value) => new Date(`${value.replace(' ', 'T')}+08:00`));

/** Unix seconds as a number or a numeric string. */
export const unixSeconds = z.union([z.number().int().positive(), z.string().regex(/^\d{1,12}$/).transform(Number)]).transform((seconds) => new Date(seconds * 1000));

/** Provider ids are strings in the docs and numbers in practice (sequence_id). */
export const idText = z.union([z.string(), z.number()]).transform(String);

