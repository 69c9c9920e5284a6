import type { CustomerListQuery } from '../api/types';

/**
 * Every query key in one place so mutations invalidate exactly what they change.
 * Locale is not part of the keys: server labels come in both languages, and only error
 * messages are localised, which are never cached.
 */
export const queryKeys = {
  me: ['auth', 'me'] as const,
  meta: ['meta'] as const,
  users: ['users'] as const,
  tags: ['tags'] as const,
  customFields: ['custom-fields'] as const,
  groups: ['groups'] as const,
  customers: ['customers'] as const,
  customerList: (query: CustomerListQuery) => ['customers', 'list', query] as const,
  customer: (id: string) => ['customers', 'detail', id] as const,
  timeline: (id: string) => ['customers', 'detail', id, 'timeline'] as const,
  orders: (id: string) => ['customers', 'detail', id, 'orders'] as const,
  investments: (id: string) => ['customers', 'detail', id, 'investments'] as const,
};
