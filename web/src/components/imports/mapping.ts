import type { ColumnMapping, ImportKind, ImportPreset } from '../../api/imports';
import type { MessageKey } from '../../i18n/messages';

/**
 * A preset's mapping applied to this file: columns are found by header (a colleague's file
 * may have its columns in another order, compared ignoring case and surrounding spaces);
 * headers the file lacks are named in a warning.
 */
export function applyPreset(preset: ImportPreset, headers: string[]): { mapping: ColumnMapping; missing: string[] } {
  const normal = (text: string) => text.trim().toLowerCase();
  const mapping: ColumnMapping = [];
  const missing: string[] = [];
  const used = new Set<number>();
  for (const entry of preset.mapping) {
    // Several columns may share a header (手机, 手机): the preset's own position first, else the first one free.
    const candidates = headers.flatMap((header, index) => (normal(header) === normal(entry.header) && !used.has(index) ? [index] : []));
    const column = candidates.includes(entry.column) ? entry.column : candidates[0];
    if (column === undefined) {
      missing.push(entry.header);
      continue;
    }
    used.add(column);
    mapping.push({ column, header: headers[column]!, target: entry.target });
  }
  return { mapping: mapping.sort((a, b) => a.column - b.column), missing };
}

/** What a mapping must give the importer before it can start (the server checks each row again). */
export function mappingProblem(kind: ImportKind, mapping: ColumnMapping): MessageKey | null {
  const targets = new Set(mapping.map((m) => m.target));
  if (targets.size === 0) return 'imp.noMapping';
  if (kind === 'customers') return ['name', 'phone', 'email'].some((t) => targets.has(t)) ? null : 'imp.nameOrKey';
  const key = ['customerPhone', 'customerEmail', 'customerExternalId'].some((t) => targets.has(t));
  const amount = targets.has('amount') || (targets.has('quantity') && targets.has('unitPrice'));
  return key && targets.has('orderedAt') && amount ? null : 'imp.orderKey';
}
