import type { Executor } from '../../db/connect.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { describeChannelSettings, mergeChannelSettings, readChannelSettings, writeConfig, type ChannelSettingsView, type ConfigurableChannel } from './channel-settings.js';
import { parseSmsSettings } from './sms-support.js';

/**
 * Saves a channel's credentials after validating them (bilingual errors naming the field);
 * the audit row and the answer carry no secrets.
 */
export async function updateChannelSettings(db: Executor, actor: Actor, kind: ConfigurableChannel, input: Record<string, unknown>): Promise<ChannelSettingsView> {
  return db.transaction(async (tx) => {
    const stored = await readChannelSettings(tx, kind);
    const settings = mergeChannelSettings(kind, input, stored, parseSmsSettings);
    await writeConfig(tx, `channel.${kind}`, settings);
    const view = describeChannelSettings(kind, settings);
    await writeAudit(tx, actor, { action: 'messaging.channel.update', entity: 'messaging_channel', entityId: kind, data: { settings: view.settings, secretsSet: view.secretsSet } });
    return view;
  });
}
