import type { Translate } from '../../i18n/messages';

const KNOWN = ['email', 'sms', 'webhook', 'in_app', 'robot'] as const;

/** A channel's name in the current language; an unknown kind is shown as sent. */
export function channelLabel(t: Translate, kind: string): string {
  const known = KNOWN.find((k) => k === kind);
  return known ? t(`channel.${known}`) : kind;
}
