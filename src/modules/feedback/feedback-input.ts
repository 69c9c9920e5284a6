import { z } from 'zod';
import { bilingual } from '../../shared/zod-issues.js';
import { eventTime } from '../timeline/interaction-input.js';

/** NPS ("how likely are you to recommend us", 0–10) or satisfaction (1–5). */
export const feedbackKinds = ['nps', 'satisfaction'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
export const SCORE_RANGE: Record<FeedbackKind, [number, number]> = { nps: [0, 10], satisfaction: [1, 5] };

export const recordFeedbackInput = z
  .strictObject({
    kind: z.enum(feedbackKinds),
    score: z.number().int(),
    comment: z.string().trim().max(2000).nullable().optional(),
    /** When the customer answered; default now. */
    surveyedAt: eventTime.optional(),
  })
  .refine((value) => {
    const [min, max] = SCORE_RANGE[value.kind];
    return value.score >= min && value.score <= max;
  }, {
    path: ['score'],
    ...bilingual('NPS 评分为 0 到 10 的整数，满意度为 1 到 5 的整数', 'must be a whole number from 0 to 10 for NPS, from 1 to 5 for satisfaction'),
  });
export type RecordFeedbackInput = z.input<typeof recordFeedbackInput>;

export const feedbackView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: z.enum(feedbackKinds),
  score: z.number().int(),
  comment: z.string().nullable(),
  surveyedAt: z.string().describe('ISO time'),
  recordedBy: z.uuid().nullable(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type FeedbackView = z.infer<typeof feedbackView>;
