import type { Executor } from '../../db/connect.js';
import { fieldError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { addInteractionInput, type AddInteractionInput } from './interaction-input.js';
import type { Interaction } from './interaction-view.js';
import { getInteraction } from './list-timeline.js';
import { insertInteraction } from './record-system-event.js';
import { sanitizeRichText } from './sanitize-rich-text.js';
import { requireVisibleCustomer } from './visible-customer.js';

/** Logs a note, call, visit… on a customer's timeline; the rich text is sanitised first. */
export async function addInteraction(db: Executor, actor: Actor, customerId: string, input: AddInteractionInput): Promise<Interaction> {
  const data = parseInput(addInteractionInput, input);
  const body = sanitizeRichText(data.bodyHtml);
  if (!body.text && !data.subject) {
    throw fieldError('bodyHtml', 'empty', { 'zh-CN': '内容为空（或填写主题）', 'en-US': 'has no text (give a subject or some text)' });
  }
  return db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    const id = await insertInteraction(tx, actor, customerId, { ...data, bodyHtml: body.html, bodyText: body.text });
    await writeAudit(tx, actor, { action: 'interaction.create', entity: 'interaction', entityId: id, customerId, data: { kind: data.kind } });
    return getInteraction(tx, customerId, id);
  });
}
