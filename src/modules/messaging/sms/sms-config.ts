import { z } from 'zod';
import { parseInput } from '../../../shared/parse-input.js';
import { bilingual, matching } from '../../../shared/zod-issues.js';

/**
 * Credentials and endpoints of each SMS provider, as stored in messaging settings. The
 * endpoint is overridable so tests (and private gateways) can point an adapter at a local
 * server; secrets never leave the server (see `redactSmsConfig`).
 */
export const smsProviders = ['aliyun', 'tencent', 'twilio', 'webhook'] as const;
export type SmsProvider = (typeof smsProviders)[number];

const secret = z.string().trim().min(1).max(200);
const label = z.string().trim().min(1).max(64);
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);
/** One attempt's budget; the outbox retries after a timeout. */
const timeoutMs = z.number().int().min(100).max(120_000).default(10_000);

export const aliyunSmsConfig = z.strictObject({
  provider: z.literal('aliyun'),
  /** RAM user AccessKey (console: RAM → Users → AccessKey). */
  accessKeyId: matching(secret, /^[A-Za-z0-9]+$/, '只能包含字母和数字', 'may contain only letters and digits'),
  accessKeySecret: secret,
  /** Approved signature name (短信签名), e.g. 维系科技. */
  signName: label,
  regionId: z.string().trim().min(1).max(32).default('cn-hangzhou'),
  endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com/'),
  timeoutMs,
});

export const tencentSmsConfig = z.strictObject({
  provider: z.literal('tencent'),
  /** Cloud API key (console: 访问管理 → API 密钥管理). */
  secretId: matching(secret, /^[A-Za-z0-9]+$/, '只能包含字母和数字', 'may contain only letters and digits'),
  secretKey: secret,
  /** SMS application id (console: 短信 → 应用管理), e.g. 1400006666. */
  smsSdkAppId: matching(z.string().trim(), /^\d{5,20}$/, '应为数字，如 1400006666', 'must be digits, e.g. 1400006666'),
  signName: label,
  region: z.string().trim().min(1).max(32).default('ap-guangzhou'),
  endpoint: httpUrl.default('https://sms.tencentcloudapi.com/'),
  /**
   * Tencent templates take positional parameters ({1}, {2} …). Messages whose parameters are
   * named ({ name, holiday }) need the order per template id: { "1234567": ["name", "holiday"] }.
   */
  templateParamOrder: z.record(z.string().trim().min(1).max(32), z.array(z.string().trim().min(1).max(64)).max(20)).default({}),
  timeoutMs,
});

export const twilioSmsConfig = z
  .strictObject({
    provider: z.literal('twilio'),
    /** Console → Account info: Account SID (AC…) and Auth Token. */
    accountSid: matching(z.string().trim(), /^AC[0-9a-fA-F]{32}$/, '应为 AC 开头的 34 位账户 SID', 'must be an Account SID: AC followed by 32 hex digits'),
    authToken: secret,
    /** A Twilio number in E.164 (+14155550100) or an alphanumeric sender id … */
    from: z.string().trim().min(1).max(32).optional(),
    /** … or a Messaging Service (MG…), which picks the sender itself. */
    messagingServiceSid: matching(z.string().trim(), /^MG[0-9a-fA-F]{32}$/, '应为 MG 开头的 34 位服务 SID', 'must be a Messaging Service SID: MG followed by 32 hex digits').optional(),
    /** Public URL Twilio posts delivery status to (also the URL its signature covers). */
    statusCallbackUrl: httpUrl.optional(),
    endpoint: httpUrl.default('https://api.twilio.com'),
    timeoutMs,
  })
  .refine((config) => Boolean(config.from) !== Boolean(config.messagingServiceSid), {
    path: ['from'],
    ...bilingual('发送号码（from）与消息服务 SID 须填且只填一个', 'give exactly one of from and messagingServiceSid'),
  });

export const webhookSmsConfig = z.strictObject({
  provider: z.literal('webhook'),
  /** Your own gateway; it receives signed JSON (see docs/sms-providers.md). */
  url: httpUrl,
  /** Shared HMAC key; long enough that it cannot be guessed. */
  secret: z.string().min(16).max(200),
  timeoutMs,
});

export type AliyunSmsConfig = z.output<typeof aliyunSmsConfig>;
export type TencentSmsConfig = z.output<typeof tencentSmsConfig>;
export type TwilioSmsConfig = z.output<typeof twilioSmsConfig>;
export type WebhookSmsConfig = z.output<typeof webhookSmsConfig>;
export type SmsConfig = AliyunSmsConfig | TencentSmsConfig | TwilioSmsConfig | WebhookSmsConfig;
export type SmsConfigInput =
  | z.input<typeof aliyunSmsConfig>
  | z.input<typeof tencentSmsConfig>
  | z.input<typeof twilioSmsConfig>
  | z.input<typeof webhookSmsConfig>;

const schemas = { aliyun: aliyunSmsConfig, tencent: tencentSmsConfig, twilio: twilioSmsConfig, webhook: webhookSmsConfig };
const providerOnly = z.looseObject({ provider: z.enum(smsProviders) });

/**
 * Validates a provider configuration; throws a ValidationError naming each bad field in
 * zh-CN and en-US. The provider is checked first so its own fields are reported by name.
 */
export function parseSmsConfig(input: unknown): SmsConfig {
  const { provider } = parseInput(providerOnly, input);
  return parseInput(schemas[provider], input) as SmsConfig;
}

const SECRET_FIELDS = ['accessKeySecret', 'secretKey', 'authToken', 'secret'] as const;

/** The configuration as the settings API may show it: secrets replaced by a set/unset flag. */
export function redactSmsConfig(config: SmsConfig): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS) {
    if (field in shown) shown[field] = shown[field] ? '********' : '';
  }
  return shown;
}
