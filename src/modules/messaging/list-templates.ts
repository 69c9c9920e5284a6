import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { messageTemplates } from './schema.js';
import type { TemplateView } from './template-input.js';
import { templateEntity, toTemplateView } from './template-view.js';

export async function getTemplate(db: Executor, id: string): Promise<TemplateView> {
  const [row] = await db.select().from(messageTemplates).where(eq(messageTemplates.id, id));
  if (!row) throw new NotFoundError(templateEntity, id);
  return toTemplateView(row);
}

/** By name (the CLI's --template), optionally narrowed to a channel and language. */
export async function findTemplateByName(db: Executor, name: string, channel?: string, locale?: string): Promise<TemplateView | undefined> {
  const conditions = [eq(messageTemplates.name, name)];
  if (channel) conditions.push(eq(messageTemplates.channel, channel as TemplateView['channel']));
  if (locale) conditions.push(eq(messageTemplates.locale, locale));
  const [row] = await db.select().from(messageTemplates).where(and(...conditions)).orderBy(asc(messageTemplates.locale)).limit(1);
  return row ? toTemplateView(row) : undefined;
}

export async function listTemplates(db: Executor, filter: { channel?: string } = {}): Promise<TemplateView[]> {
  const rows = await db.select().from(messageTemplates)
    .where(filter.channel ? eq(messageTemplates.channel, filter.channel as TemplateView['channel']) : undefined)
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.channel), asc(messageTemplates.locale));
  return rows.map(toTemplateView);
}
