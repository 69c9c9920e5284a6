import { AppError, pickLocale, ValidationError } from '../shared/errors.js';

/** The CLI's language follows LANG/LC_ALL like other terminal programs. */
export function cliLocale() {
  const lang = process.env.WEIXI_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('en') ? 'en-US' : pickLocale(lang.replace('_', '-') || undefined);
}

export function printError(error: unknown): void {
  const locale = cliLocale();
  if (error instanceof ValidationError) {
    console.error(error.messages[locale]);
    for (const issue of error.issues) console.error(`  ${issue.path || '(input)'}: ${issue.message[locale]}`);
  } else if (error instanceof AppError) {
    console.error(error.messages[locale]);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

/** Runs a command action, printing typed errors readably and exiting non-zero. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      printError(error);
      process.exitCode = error instanceof AppError ? 2 : 1;
    }
  };
}
