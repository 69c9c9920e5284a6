import { api, apiRequest } from './client';

// Shapes of the messaging API (src/modules/messaging/routes.ts), kept by hand like types.ts.

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'capped', 'opted_out'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** Channels a template (and so a hand send) can use. */
export const TEMPLATE_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];
/** Channels a customer can opt out of. */
export const OPT_OUT_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type ChannelKind = 'email' | 'sms' | 'webhook' | 'in_app' | 'robot';
export type MessageCategory = 'marketing' | 'transactional';
export type ExclusionReason = 'not_found' | 'no_address' | 'opted_out' | 'capped';

export type Template = {
  id: string;
  name: string;
  channel: TemplateChannel;
  locale: string;
  category: MessageCategory;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  providerTemplateCode: string | null;
  fields: string[];
  createdAt: string;
  updatedAt: string;
};
export type TemplateInput = {
  name: string;
  channel: TemplateChannel;
  locale: 'zh-CN' | 'en-US';
  category: MessageCategory;
  subject?: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  providerTemplateCode?: string | null;
};

/** The customer list's filter as the send API takes it (no paging, no sort). */
export type AudienceFilter = {
  q?: string;
  stages?: string[];
  groupIds?: string[];
  tags?: string[];
  ownerIds?: string[];
  regions?: string[];
};
export type SendInput = {
  customerIds?: string[];
  filter?: AudienceFilter;
  channel: TemplateChannel;
  templateId: string;
  params?: Record<string, string>;
  at?: string;
  name?: string;
};
export type SendPreview = {
  selected: number;
  willSend: number;
  excluded: { reason: ExclusionReason; count: number; customers: { id: string; name: string | null }[] }[];
  sample: {
    customerId: string;
    customerName: string;
    to: string;
    subject: string | null;
    text: string;
    html: string | null;
    emptyFields: string[];
  } | null;
  scheduledAt: string | null;
};

export type Batch = {
  id: string;
  name: string;
  channel: string;
  templateId: string | null;
  category: string;
  scheduledAt: string | null;
  createdBy: string | null;
  createdAt: string;
  audience: Record<string, number>;
  statuses: Partial<Record<MessageStatus, number>>;
};
export type Message = {
  id: string;
  channel: string;
  category: string;
  status: MessageStatus;
  customerId: string | null;
  batchId: string | null;
  recipient: string;
  subject: string | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
};
export type MessagePage = { items: Message[]; nextCursor: string | null };
export type OptOut = { channel: ChannelKind; source: string; createdAt: string };

export type Notification = { id: string; title: string; body: string; link: string | null; createdAt: string; readAt: string | null };

export type ConfigurableChannel = 'email' | 'sms' | 'webhook' | 'robot';
export type ChannelSettings = { kind: ConfigurableChannel; configured: boolean; settings: Record<string, unknown>; secretsSet: string[] };
export type QuietHours = Partial<Record<'email' | 'sms' | 'webhook' | 'robot', { start: string; end: string }>>;
export type SendPolicy = { quietHours: QuietHours; frequencyCap: { limit: number; days: number } | null };

const enc = encodeURIComponent;

// Templates
export const fetchTemplates = (channel?: TemplateChannel) => api.get<Template[]>('/messaging/templates', { query: { channel } });
export const createTemplate = (input: TemplateInput) => api.post<Template>('/messaging/templates', input);
export const updateTemplate = (id: string, patch: Partial<Omit<TemplateInput, 'channel'>>) => api.patch<Template>(`/messaging/templates/${enc(id)}`, patch);
export const deleteTemplate = (id: string) => api.delete(`/messaging/templates/${enc(id)}`);

// Hand sends and the delivery log
export const previewSend = (input: SendInput) => api.post<SendPreview>('/messaging/sends/preview', input);
export const sendMessages = (input: SendInput) => api.post<Batch>('/messaging/sends', input);
export const fetchBatches = () => api.get<Batch[]>('/messaging/batches');
export const fetchBatch = (id: string) => api.get<Batch>(`/messaging/batches/${enc(id)}`);
export const fetchBatchMessages = (id: string, status: MessageStatus | undefined, cursor: string | null) =>
  api.get<MessagePage>(`/messaging/batches/${enc(id)}/messages`, { query: { status, cursor, limit: 50 } });
export const cancelBatch = (id: string) => api.post<{ cancelled: number }>(`/messaging/batches/${enc(id)}/cancel`);
export const cancelMessage = (id: string) => api.post<void>(`/messaging/messages/${enc(id)}/cancel`);

// One customer
export const fetchCustomerMessages = (customerId: string, cursor: string | null) =>
  api.get<MessagePage>(`/customers/${enc(customerId)}/messages`, { query: { cursor, limit: 20 } });
export const fetchOptOuts = (customerId: string) => api.get<OptOut[]>(`/customers/${enc(customerId)}/opt-outs`);
export const setOptOut = (customerId: string, channel: ChannelKind, optedOut: boolean) =>
  apiRequest<void>(optedOut ? 'PUT' : 'DELETE', `/customers/${enc(customerId)}/opt-outs/${enc(channel)}`);

// Staff notifications (the bell)
export const fetchUnreadCount = () => api.get<{ unread: number }>('/notifications/unread-count');
export const fetchNotifications = () => api.get<{ items: Notification[]; unread: number }>('/notifications', { query: { limit: 30 } });
export const markNotificationRead = (id: string) => api.post<void>(`/notifications/${enc(id)}/read`);
export const markAllNotificationsRead = () => api.post<{ marked: number }>('/notifications/read-all');

// Settings
export const fetchChannelSettings = () => api.get<ChannelSettings[]>('/messaging/channels');
export const saveChannelSettings = (kind: ConfigurableChannel, body: Record<string, unknown>) =>
  apiRequest<ChannelSettings>('PUT', `/messaging/channels/${enc(kind)}`, { body });
export const fetchSendPolicy = () => api.get<SendPolicy>('/messaging/policy');
export const saveSendPolicy = (patch: Partial<SendPolicy>) => api.patch<SendPolicy>('/messaging/policy', patch);
