import { AppError, type Messages } from '../../../shared/errors.js';

/** A file that cannot be read at all (as opposed to one bad row, which is a RowError). */
export class SourceError extends AppError {
  constructor(code: string, message: Messages, details?: unknown) {
    super(code, message, details, 400);
  }
}

export function sourceError(code: string, zh: string, en: string, details?: unknown): SourceError {
  return new SourceError(code, { 'zh-CN': zh, 'en-US': en }, details);
}
