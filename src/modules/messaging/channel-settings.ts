import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { bilingual } from '../../shared/zod-issues.js';
import { messagingConfig } from './schema.js';

/**
 * Credentials of the channels the outbox sends through, stored in messaging_config under
 * `channel.<kind>`. Secret fields are write-only: the API shows whether they are set.
 */
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);
const mailbox = z.string().trim().min(3).max(254).refine((value) => /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(value),
  bilingual('应为邮箱地址，如 维系 <care@example.com>', 'must be an e-mail address, e.g. Weixi <care@example.com>'));

export const emailSettings = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  username: z.string().trim().max(254).optional(),
  password: z.string().max(500).optional(),
  from: mailbox,
  /** Where recipients reach this server: unsubscribe links point here. */
  publicUrl: httpUrl,
  /** Parallel SMTP connections. */
  maxConnections: z.number().int().min(1).max(50).default(5),
});

export const webhookSettings = z.strictObject({
  url: httpUrl,
  /** HMAC-SHA256 key the receiver uses to check X-Weixi-Signature. */
  secret: z.string().min(16).max(200),
});

/** WeCom (企业微信) or DingTalk group robot; the URL carries the robot's key. */
export const robotSettings = z.strictObject({
  provider: z.enum(['wecom', 'dingtalk']),
  url: httpUrl,
  /** DingTalk "加签" secret (optional). */
  secret: z.string().max(200).optional(),
});

export type EmailSettings = z.output<typeof emailSettings>;
export type WebhookSettings = z.output<typeof webhookSettings>;
export type RobotSettings = z.output<typeof robotSettings>;

const SECRET_FIELDS = new Set(['password', 'secret', 'url', 'accessKeySecret', 'secretKey', 'authToken']);
/** Robot URLs and SMS keys are credentials; a webhook's own URL is not. */
const PUBLIC_OVERRIDES: Record<string, Set<string>> = { webhook: new Set(['url']), sms: new Set(['url']), email: new Set([]), robot: new Set([]) };

export type ConfigurableChannel = 'email' | 'webhook' | 'robot' | 'sms';
export const configurableChannels: readonly ConfigurableChannel[] = ['email', 'webhook', 'robot', 'sms'];

export async function readConfig(db: Executor, key: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db.select({ value: messagingConfig.value }).from(messagingConfig).where(eq(messagingConfig.key, key));
  return row?.value;
}

export async function writeConfig(db: Executor, key: string, value: Record<string, unknown>): Promise<void> {
  await db
    .insert(messagingConfig)
    .values({ key, value })
    .onConflictDoUpdate({ target: messagingConfig.key, set: { value, updatedAt: sql`now()` } });
}

export async function readChannelSettings(db: Executor, kind: 'email'): Promise<EmailSettings | undefined>;
export async function readChannelSettings(db: Executor, kind: 'webhook'): Promise<WebhookSettings | undefined>;
export async function readChannelSettings(db: Executor, kind: 'robot'): Promise<RobotSettings | undefined>;
export async function readChannelSettings(db: Executor, kind: ConfigurableChannel): Promise<Record<string, unknown> | undefined>;
export async function readChannelSettings(db: Executor, kind: ConfigurableChannel): Promise<unknown> {
  return readConfig(db, `channel.${kind}`);
}

const schemas = { email: emailSettings, webhook: webhookSettings, robot: robotSettings };

/**
 * Validates new settings; secrets left out keep their stored value, so an admin can change
 * the host without retyping the password the API never showed.
 */
export function mergeChannelSettings(
  kind: ConfigurableChannel,
  input: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
  parseSms: (input: unknown) => Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...input };
  const sameProvider = kind !== 'sms' && kind !== 'robot' ? true : stored?.provider === input.provider;
  if (stored && sameProvider) {
    for (const [field, value] of Object.entries(stored)) {
      if (isSecret(kind, field) && merged[field] === undefined) merged[field] = value;
    }
  }
  return kind === 'sms' ? parseSms(merged) : parseInput(schemas[kind], merged);
}

function isSecret(kind: ConfigurableChannel, field: string): boolean {
  return SECRET_FIELDS.has(field) && !PUBLIC_OVERRIDES[kind]?.has(field);
}

export type ChannelSettingsView = { kind: ConfigurableChannel; configured: boolean; settings: Record<string, unknown>; secretsSet: string[] };

/** What the API may show: non-secret fields, and which secrets are set. */
export function describeChannelSettings(kind: ConfigurableChannel, stored: Record<string, unknown> | undefined): ChannelSettingsView {
  const settings: Record<string, unknown> = {};
  const secretsSet: string[] = [];
  for (const [field, value] of Object.entries(stored ?? {})) {
    if (isSecret(kind, field)) {
      if (value) secretsSet.push(field);
    } else settings[field] = value;
  }
  return { kind, configured: stored !== undefined, settings, secretsSet };
}
