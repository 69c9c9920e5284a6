import type { FormInstance } from 'antd';
import { ApiError, type FieldIssue } from '../api/client';
import type { Translate } from '../i18n/messages';

/** A message fit for a toast: the server's localised text, or ours for network trouble. */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'network_error') return t('error.network');
    return error.message || t('error.generic');
  }
  return error instanceof Error && error.message ? error.message : t('error.generic');
}

/** "phones.0.number" → ['phones', 0, 'number'], the name path antd Form.List uses. */
export function pathToName(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field errors next to the fields. Returns the issues that no rendered
 * field could show, so the caller can list them in an alert instead of losing them.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  renderedRoots: ReadonlySet<string>,
): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  const issues = error.fieldIssues;
  const unplaced: FieldIssue[] = [];
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of issues) {
    const name = pathToName(issue.path);
    // Only the form knows which fields it renders; anything else goes to the alert.
    if (!issue.path || !renderedRoots.has(String(name[0]))) {
      unplaced.push(issue);
      continue;
    }
    const entry = byPath.get(issue.path) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byPath.set(issue.path, entry);
  }
  form.setFields([...byPath.values()].map(({ name, errors }) => ({ name, errors })));
  const first = byPath.values().next().value;
  if (first) form.scrollToField(first.name, { block: 'center' });
  return unplaced;
}
