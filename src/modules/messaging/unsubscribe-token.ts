import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/connect.js';
import { readConfig } from './channel-settings.js';
import { messagingConfig } from './schema.js';

const KEY = 'unsubscribe_key';

/**
 * The key that signs unsubscribe links, made once per installation. Links must work without
 * signing in, so the signature is what stops someone from unsubscribing other people.
 */
export async function unsubscribeKey(db: Executor): Promise<string> {
  const stored = await readConfig(db, KEY);
  if (typeof stored?.key === 'string') return stored.key;
  await db.insert(messagingConfig).values({ key: KEY, value: { key: randomBytes(32).toString('base64url') } }).onConflictDoNothing();
  return ((await readConfig(db, KEY))!.key as string);
}

function signature(key: string, messageId: string): string {
  return createHmac('sha256', key).update(`unsubscribe:${messageId}`).digest('base64url').slice(0, 32);
}

export function unsubscribeToken(key: string, messageId: string): string {
  return `${messageId}.${signature(key, messageId)}`;
}

/** The message id a token was made for, or undefined when the token is forged or damaged. */
export function verifyUnsubscribeToken(key: string, token: string): string | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return undefined;
  const expected = Buffer.from(signature(key, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : undefined;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  // Outside /api: the link must work without signing in.
  return `${publicUrl.replace(/\/+$/, '')}/unsubscribe?token=${encodeURIComponent(token)}`;
}
