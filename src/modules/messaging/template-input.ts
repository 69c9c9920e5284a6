import { z } from 'zod';
import { bilingual } from '../../shared/zod-issues.js';
import { messageCategories } from './schema.js';

/** Channels a template can be written for (in-app and robots take free text). */
export const templateChannels = ['email', 'sms', 'webhook'] as const;

const fields = {
  name: z.string().trim().min(1).max(100),
  channel: z.enum(templateChannels),
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  category: z.enum(messageCategories).default('marketing'),
  subject: z.string().trim().max(200).nullable().optional(),
  bodyText: z.string().trim().min(1).max(20_000),
  bodyHtml: z.string().max(100_000).nullable().optional(),
  /** The provider's approved template id (Aliyun SMS_123456789, Tencent 1234567). */
  providerTemplateCode: z.string().trim().max(64).nullable().optional(),
};

export const createTemplateInput = z.strictObject(fields).refine((input) => input.channel !== 'email' || Boolean(input.subject), {
  path: ['subject'],
  ...bilingual('邮件模板须有主题', 'an e-mail template needs a subject'),
});
export type CreateTemplateInput = z.input<typeof createTemplateInput>;

export const updateTemplateInput = z.strictObject({
  name: fields.name.optional(),
  locale: z.enum(['zh-CN', 'en-US']).optional(),
  category: z.enum(messageCategories).optional(),
  subject: fields.subject,
  bodyText: fields.bodyText.optional(),
  bodyHtml: fields.bodyHtml,
  providerTemplateCode: fields.providerTemplateCode,
});
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;

export const templateView = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(templateChannels),
  locale: z.string(),
  category: z.enum(messageCategories),
  subject: z.string().nullable(),
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  providerTemplateCode: z.string().nullable(),
  fields: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateView = z.infer<typeof templateView>;
