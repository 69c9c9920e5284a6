import { ConflictError, ValidationError } from '../../shared/errors.js';
import type { Executor } from '../../db/connect.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { listCustomFieldDefs } from '../custom-fields/list-custom-fields.js';
import { unknownFieldIssues } from './merge-fields.js';

function nameTaken(name: string): ConflictError {
  return new ConflictError('template_name_taken', {
    'zh-CN': `同一渠道和语言下已有名为“${name}”的模板`,
    'en-US': `A template named "${name}" already exists for this channel and language`,
  }, { field: 'name' });
}

/** Every merge field must be built in or a defined custom field. */
export async function checkFields(db: Executor, parts: Record<string, string | null | undefined>): Promise<void> {
  const customKeys = new Set((await listCustomFieldDefs(db)).map((def) => def.key));
  const issues = unknownFieldIssues(parts, customKeys);
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Runs a write, turning the unique name index's violation into a 409 naming the field. */
export async function withNameCheck<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'message_templates_name')) throw nameTaken(name);
    throw error;
  }
}

/** Creates a template after checking that every merge field exists (managers and admins). */
