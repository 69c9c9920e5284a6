import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { customFieldDefs } from './schema.js';

export type CustomFieldDef = typeof customFieldDefs.$inferSelect;

export function listCustomFieldDefs(db: Executor): Promise<CustomFieldDef[]> {
  return db.select().from(customFieldDefs).orderBy(asc(customFieldDefs.position), asc(customFieldDefs.key));
}
