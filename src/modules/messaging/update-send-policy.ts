import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { writeConfig } from './channel-settings.js';
import { getSendPolicy, sendPolicySettings, type SendPolicySettings } from './send-policy.js';

/** Changes quiet hours and the frequency cap (fields left out keep their value). */
export async function updateSendPolicy(db: Executor, actor: Actor, input: Partial<SendPolicySettings>): Promise<SendPolicySettings> {
  return db.transaction(async (tx) => {
    const policy = parseInput(sendPolicySettings, { ...(await getSendPolicy(tx)), ...input });
    await writeConfig(tx, 'policy', policy);
    await writeAudit(tx, actor, { action: 'messaging.policy.update', entity: 'messaging_policy', data: policy });
    return policy;
  });
}
