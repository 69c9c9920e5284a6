import type { CustomerTarget } from '../contract.js';

export type TextRule = { max: number; pattern?: RegExp; code?: string; zh?: string; en?: string };

/** The limits the customers module enforces (customer-input.ts), checked here so a row is refused with its line, not at write time. */
export const textRules: Partial<Record<CustomerTarget, TextRule>> = {
  name: { max: 100 },
  company: { max: 200 },
  title: { max: 100 },
  address: { max: 500 },
  source: { max: 100 },
  region: { max: 64 },
  intent: { max: 64 },
  owner: { max: 100 },
  externalId: { max: 100 },
  note: { max: 10_000 },
  wechat: { max: 64, pattern: /^[\w.-]+$/, code: 'wechat_invalid', zh: '微信号只能包含字母、数字、下划线、点和减号', en: 'a WeChat id may contain only letters, digits, _ . and -' },
  qq: { max: 12, pattern: /^\d{5,12}$/, code: 'qq_invalid', zh: 'QQ 号应为 5–12 位数字', en: 'a QQ number must be 5–12 digits' },
};
