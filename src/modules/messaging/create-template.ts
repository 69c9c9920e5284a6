import type { Executor } from '../../db/connect.js';
import { ForbiddenError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { messageTemplates } from './schema.js';
import { checkFields, withNameCheck } from './template-checks.js';
import { createTemplateInput, type CreateTemplateInput, type TemplateView } from './template-input.js';
import { toTemplateView } from './template-view.js';

/** Creates a template after checking that every merge field exists (managers and admins). */
export async function createTemplate(db: Executor, actor: Actor, input: CreateTemplateInput): Promise<TemplateView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const data = parseInput(createTemplateInput, input);
  await checkFields(db, { subject: data.subject, bodyText: data.bodyText, bodyHtml: data.bodyHtml });
  return db.transaction((tx) => withNameCheck(data.name, async () => {
    const [row] = await tx.insert(messageTemplates).values({ id: newId(), ...data, subject: data.subject ?? null, bodyHtml: data.bodyHtml ?? null, providerTemplateCode: data.providerTemplateCode ?? null, createdBy: actor.userId }).returning();
    await writeAudit(tx, actor, { action: 'message_template.create', entity: 'message_template', entityId: row!.id, data: { name: data.name, channel: data.channel } });
    return toTemplateView(row!);
  }));
}

