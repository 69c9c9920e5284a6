import type { ChannelKind } from './channel.js';
import { fieldsIn, fillFields } from './merge-fields.js';
import type { Recipient } from './load-audience.js';
import type { TemplateView } from './template-input.js';

export type SendParams = { holiday?: string; [field: string]: string | undefined };
export type RenderedMessage = { subject: string | null; text: string; html: string | null; templateParams: Record<string, string> };

function customValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join('、') : String(value);
}

/** The merge-field values for one customer; `params` (e.g. holiday) apply to everyone in the send. */
export function fieldValues(recipient: Recipient, params: SendParams = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(recipient.customFields)) values[key] = customValue(value);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) values[key] = value;
  Object.assign(values, {
    name: recipient.name,
    title: recipient.title ?? '',
    company: recipient.company ?? '',
    'owner.name': recipient.ownerName ?? '',
  });
  if (params.holiday !== undefined) values.holiday = params.holiday;
  return values;
}

export function renderMessage(template: TemplateView, recipient: Recipient, params: SendParams = {}): RenderedMessage {
  const values = fieldValues(recipient, params);
  return {
    subject: template.subject ? fillFields(template.subject, values) : null,
    text: fillFields(template.bodyText, values),
    html: template.bodyHtml ? fillFields(template.bodyHtml, values, { html: true }) : null,
    // Provider templates (SMS) take the values by name rather than the rendered text.
    templateParams: Object.fromEntries(template.fields.map((field) => [field, values[field] ?? ''])),
  };
}

/** The customer's address on a channel, or undefined when they have none. */
export function addressFor(channel: ChannelKind, recipient: Recipient): string | undefined {
  if (channel === 'email') return recipient.emails[0]?.address;
  if (channel === 'sms') return recipient.phones[0]?.number;
  if (channel === 'webhook') return recipient.id;
  return undefined;
}

/** Fields the template uses that are empty for this customer (the preview warns about them). */
export function emptyFields(template: TemplateView, recipient: Recipient, params: SendParams = {}): string[] {
  const values = fieldValues(recipient, params);
  return [...new Set([template.subject, template.bodyText, template.bodyHtml].flatMap(fieldsIn))].filter((field) => !values[field]);
}
