import { z } from 'zod';
import { bilingual } from '../../shared/zod-issues.js';
import { pageInput } from '../../shared/cursor.js';
import { interactionKinds, type InteractionKind } from './schema.js';

/** What people log by hand; 'purchase' and 'system' entries are written by the system. */
export const userInteractionKinds = ['note', 'call', 'visit', 'meeting', 'email', 'sms', 'wechat', 'complaint'] as const satisfies readonly InteractionKind[];

const DAY_MS = 24 * 60 * 60 * 1000;
const EARLIEST = Date.parse('1900-01-01T00:00:00Z');

/**
 * When something happened: an ISO 8601 date-time with its offset (Z or +08:00), so the
 * instant is unambiguous whichever time zone the caller is in. A day of slack in the
 * future allows for clocks and time zones, not for planning.
 */
export const eventTime = z.iso.datetime({ offset: true }).refine((value) => {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return true; // the format check has already said why
  return at >= EARLIEST && at <= Date.now() + DAY_MS;
}, bilingual('时间须在 1900 年以后，且最多晚于现在一天', 'must be after 1900 and at most one day in the future'));

export const addInteractionInput = z.strictObject({
  kind: z.enum(userInteractionKinds),
  channel: z.string().trim().max(32).nullable().optional(),
  /** Default: now. */
  occurredAt: eventTime.optional(),
  subject: z.string().trim().max(200).nullable().optional(),
  /** Rich text; sanitised on write (see sanitize-rich-text.ts). */
  bodyHtml: z.string().max(100_000),
});
export type AddInteractionInput = z.input<typeof addInteractionInput>;

export const listTimelineFilter = z.strictObject({
  kinds: z.array(z.enum(interactionKinds)).max(interactionKinds.length).optional(),
  ...pageInput,
});
export type ListTimelineFilter = z.input<typeof listTimelineFilter>;
