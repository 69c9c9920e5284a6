import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Channel, ChannelKind } from './channel.js';
import { readChannelSettings } from './channel-settings.js';
import { createSmsChannel } from './sms-support.js';
import { createEmailChannel } from './email-channel.js';
import { createInAppChannel } from './in-app-channel.js';
import { createRobotChannel } from './robot-channel.js';
import type { UnsubscribeContext } from './to-outgoing.js';
import { unsubscribeKey } from './unsubscribe-token.js';
import { createWebhookChannel } from './webhook-channel.js';

export type ChannelSet = {
  get(kind: ChannelKind): Channel | undefined;
  unsubscribe?: UnsubscribeContext;
  close(): void;
};

/** Builds an SMS channel from stored SMS settings; supplied by the SMS adapters. */
export type SmsChannelFactory = (settings: Record<string, unknown>) => Channel;

/** The channels as configured now (in-app always exists: it writes to this database). */
export async function loadChannels(db: Executor, createSms: SmsChannelFactory | undefined = createSmsChannel): Promise<ChannelSet> {
  const [email, webhook, robot, sms] = [
    await readChannelSettings(db, 'email'),
    await readChannelSettings(db, 'webhook'),
    await readChannelSettings(db, 'robot'),
    await readChannelSettings(db, 'sms'),
  ];
  const channels = new Map<ChannelKind, Channel>([['in_app', createInAppChannel(db)]]);
  const closers: (() => void)[] = [];
  if (email) {
    const channel = createEmailChannel(email);
    closers.push(() => channel.close());
    channels.set('email', channel);
  }
  if (webhook) {
    const channel = createWebhookChannel(webhook);
    closers.push(() => channel.close());
    channels.set('webhook', channel);
  }
  if (robot) channels.set('robot', createRobotChannel(robot));
  if (sms && createSms) channels.set('sms', createSms(sms));
  return {
    get: (kind) => channels.get(kind),
    unsubscribe: email ? { key: await unsubscribeKey(db), publicUrl: email.publicUrl } : undefined,
    close: () => closers.forEach((close) => close()),
  };
}

/**
 * Channels for a long-running worker: rebuilt when an admin changes messaging settings
 * (checked at most every `checkMs`), so new credentials apply without a restart.
 */
export function channelSource(db: Executor, options: { checkMs?: number; createSms?: SmsChannelFactory } = {}) {
  let current: ChannelSet | undefined;
  let version = '';
  let checkedAt = 0;
  return {
    async get(): Promise<ChannelSet> {
      if (current && Date.now() - checkedAt < (options.checkMs ?? 5_000)) return current;
      checkedAt = Date.now();
      const [row] = ((await db.execute(sql`SELECT coalesce(max(updated_at)::text, '') || ':' || count(*) AS v FROM messaging_config`)) as unknown as { rows: { v: string }[] }).rows;
      if (!current || row!.v !== version) {
        current?.close();
        current = await loadChannels(db, options.createSms);
        version = row!.v;
      }
      return current;
    },
    close() {
      current?.close();
      current = undefined;
    },
  };
}
export type ChannelSource = { get(): Promise<ChannelSet>; close(): void };
