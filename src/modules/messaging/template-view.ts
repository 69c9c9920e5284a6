import { fieldsIn } from './merge-fields.js';
import type { messageTemplates } from './schema.js';
import type { TemplateView } from './template-input.js';

export const templateEntity = { 'zh-CN': '消息模板', 'en-US': 'Message template' };
type TemplateRow = typeof messageTemplates.$inferSelect;

export function toTemplateView(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel as TemplateView['channel'],
    locale: row.locale,
    category: row.category,
    subject: row.subject,
    bodyText: row.bodyText,
    bodyHtml: row.bodyHtml,
    providerTemplateCode: row.providerTemplateCode,
    fields: [...new Set([row.subject, row.bodyText, row.bodyHtml].flatMap(fieldsIn))],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

