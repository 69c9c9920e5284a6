import { useQuery } from '@tanstack/react-query';
import {
  fetchBatch,
  fetchBatches,
  fetchChannelSettings,
  fetchNotifications,
  fetchOptOuts,
  fetchSendPolicy,
  fetchTemplates,
  fetchUnreadCount,
  type TemplateChannel,
} from '../api/messaging';

/** Messaging query keys; customer-scoped ones sit under the customer's key so its invalidation reaches them. */
export const messagingKeys = {
  templates: ['messaging', 'templates'] as const,
  templatesFor: (channel?: TemplateChannel) => ['messaging', 'templates', channel ?? 'all'] as const,
  batches: ['messaging', 'batches'] as const,
  batch: (id: string) => ['messaging', 'batches', id] as const,
  batchMessages: (id: string, status?: string) => ['messaging', 'batches', id, 'messages', status ?? 'all'] as const,
  channels: ['messaging', 'channels'] as const,
  policy: ['messaging', 'policy'] as const,
  notifications: ['notifications'] as const,
  notificationList: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread'] as const,
  customerMessages: (customerId: string) => ['customers', 'detail', customerId, 'messages'] as const,
  optOuts: (customerId: string) => ['customers', 'detail', customerId, 'opt-outs'] as const,
};

/** The bell polls; a tab in the background does not (refetchIntervalInBackground is off). */
const BELL_POLL_MS = 30_000;

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: messagingKeys.unread,
    queryFn: fetchUnreadCount,
    refetchInterval: BELL_POLL_MS,
    refetchOnWindowFocus: 'always',
    enabled,
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({ queryKey: messagingKeys.notificationList, queryFn: fetchNotifications, enabled });
}

export function useTemplates(channel?: TemplateChannel) {
  return useQuery({ queryKey: messagingKeys.templatesFor(channel), queryFn: () => fetchTemplates(channel) });
}

export function useBatches() {
  // A batch's counts move while the outbox works through it: refresh while the page is open.
  return useQuery({ queryKey: messagingKeys.batches, queryFn: fetchBatches, refetchInterval: 10_000 });
}

export function useBatch(id: string) {
  return useQuery({ queryKey: messagingKeys.batch(id), queryFn: () => fetchBatch(id), refetchInterval: 5_000 });
}

export function useChannelSettings(enabled = true) {
  return useQuery({ queryKey: messagingKeys.channels, queryFn: fetchChannelSettings, enabled });
}

export function useSendPolicy() {
  return useQuery({ queryKey: messagingKeys.policy, queryFn: fetchSendPolicy });
}

export function useOptOuts(customerId: string) {
  return useQuery({ queryKey: messagingKeys.optOuts(customerId), queryFn: () => fetchOptOuts(customerId) });
}
