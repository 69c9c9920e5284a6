import type { Locale } from '../api/types';
import { enUS } from './en-US';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type { MessageKey, Messages };
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const LOCALE_STORAGE_KEY = 'weixi.locale';

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = dictionaries[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US';
}

/** Chinese first (DESIGN.md): only a saved choice switches the first screen to English. */
export function readStoredLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be blocked (private mode, policies); the default is fine then.
  }
  return 'zh-CN';
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not persisting the choice is acceptable; the current session still switches.
  }
}
