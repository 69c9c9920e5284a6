import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { getTemplate } from './list-templates.js';
import { messageTemplates } from './schema.js';
import { checkFields, withNameCheck } from './template-checks.js';
import { updateTemplateInput, type TemplateView, type UpdateTemplateInput } from './template-input.js';
import { templateEntity, toTemplateView } from './template-view.js';

/** Changes a template; merge fields are checked again against the result. */
export async function updateTemplate(db: Executor, actor: Actor, id: string, input: UpdateTemplateInput): Promise<TemplateView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const changes = parseInput(updateTemplateInput, input);
  const current = await getTemplate(db, id);
  const next = { ...current, ...changes };
  await checkFields(db, { subject: next.subject, bodyText: next.bodyText, bodyHtml: next.bodyHtml });
  return db.transaction((tx) => withNameCheck(next.name, async () => {
    const [row] = await tx.update(messageTemplates).set({ ...changes, updatedAt: sql`now()` }).where(eq(messageTemplates.id, id)).returning();
    await writeAudit(tx, actor, { action: 'message_template.update', entity: 'message_template', entityId: id, data: { fields: Object.keys(changes) } });
    return toTemplateView(row!);
  }));
}


export async function deleteTemplate(db: Executor, actor: Actor, id: string): Promise<void> {
  if (!isManager(actor)) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(messageTemplates).where(eq(messageTemplates.id, id)).returning({ name: messageTemplates.name });
    if (deleted.length === 0) throw new NotFoundError(templateEntity, id);
    await writeAudit(tx, actor, { action: 'message_template.delete', entity: 'message_template', entityId: id, data: { name: deleted[0]!.name } });
  });
}

