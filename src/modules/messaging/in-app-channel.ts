import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import type { Channel, OutgoingMessage, SendOutcome } from './channel.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff notifications (the bell icon): a row in the same database. The message id is unique
 * in notifications, so a repeat after a crash is dropped here and a staff member never sees
 * one reminder twice.
 */
export function createInAppChannel(db: Executor): Channel {
  return {
    kind: 'in_app',
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      if (!UUID.test(message.to)) return { status: 'failed', reason: `not a user id: ${message.to}` };
      try {
        await db.execute(sql`
          INSERT INTO notifications (id, user_id, message_id, title, body, link)
          SELECT ${newId()}, u.id, ${message.id}, ${message.subject ?? message.text.slice(0, 100)}, ${message.text}, ${message.headers?.['x-weixi-link'] ?? null}
            FROM users u WHERE u.id = ${message.to}
          ON CONFLICT (message_id) WHERE message_id IS NOT NULL DO NOTHING`);
        const [found] = ((await db.execute(sql`SELECT 1 AS ok FROM notifications WHERE message_id = ${message.id}`)) as unknown as { rows: unknown[] }).rows;
        return found ? { status: 'sent' } : { status: 'failed', reason: `no such user: ${message.to}` };
      } catch (error) {
        return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
