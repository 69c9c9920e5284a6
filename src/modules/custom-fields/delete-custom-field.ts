import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { unsafeClearCustomFieldValues } from './custom-field-values.js';
import { customFieldDefs } from './schema.js';
import { customFieldEntity } from './update-custom-field.js';

/** Deletes a custom field and, in the same transaction, its values on every customer. */
export async function deleteCustomField(db: Executor, actor: Actor, id: string): Promise<void> {
  if (!isManager(actor)) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(customFieldDefs).where(eq(customFieldDefs.id, id)).returning({ key: customFieldDefs.key });
    if (!deleted) throw new NotFoundError(customFieldEntity, id);
    const clearedCustomers = await unsafeClearCustomFieldValues(tx, deleted.key);
    await writeAudit(tx, actor, { action: 'custom_field.delete', entity: 'custom_field', entityId: id, data: { key: deleted.key, clearedCustomers } });
  });
}
