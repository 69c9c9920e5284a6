import type { ConfigurableChannel } from '../../api/messaging';

/** One settings field as the form shows it; the server's zod schema stays the judge. */
export const FIELD_NAMES = [
  'host', 'port', 'secure', 'username', 'password', 'from', 'publicUrl', 'maxConnections', 'url', 'secret',
  'accessKeyId', 'accessKeySecret', 'signName', 'regionId', 'endpoint', 'timeoutMs', 'secretId', 'secretKey',
  'smsSdkAppId', 'region', 'templateParamOrder', 'accountSid', 'authToken', 'messagingServiceSid', 'statusCallbackUrl',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type FieldSpec = {
  name: FieldName;
  kind: 'text' | 'number' | 'boolean' | 'secret' | 'json';
  required?: boolean;
  placeholder?: string;
};

/** The fields per channel (and per SMS provider), mirroring channel-settings.ts and sms-config.ts. */
export const CHANNEL_FIELDS: Record<Exclude<ConfigurableChannel, 'sms' | 'robot'>, FieldSpec[]> = {
  email: [
    { name: 'host', kind: 'text', required: true, placeholder: 'smtp.exmail.qq.com' },
    { name: 'port', kind: 'number', placeholder: '587' },
    { name: 'secure', kind: 'boolean' },
    { name: 'username', kind: 'text' },
    { name: 'password', kind: 'secret' },
    { name: 'from', kind: 'text', required: true, placeholder: '维系 <care@example.com>' },
    { name: 'publicUrl', kind: 'text', required: true, placeholder: 'https://crm.example.com' },
    { name: 'maxConnections', kind: 'number', placeholder: '5' },
  ],
  webhook: [
    { name: 'url', kind: 'text', required: true, placeholder: 'https://hooks.example.com/weixi' },
    { name: 'secret', kind: 'secret', required: true },
  ],
};

export const SMS_PROVIDERS = ['aliyun', 'tencent', 'twilio', 'webhook'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export const SMS_FIELDS: Record<SmsProvider, FieldSpec[]> = {
  aliyun: [
    { name: 'accessKeyId', kind: 'text', required: true },
    { name: 'accessKeySecret', kind: 'secret', required: true },
    { name: 'signName', kind: 'text', required: true, placeholder: '维系科技' },
    { name: 'regionId', kind: 'text', placeholder: 'cn-hangzhou' },
    { name: 'endpoint', kind: 'text', placeholder: 'https://dysmsapi.aliyuncs.com/' },
    { name: 'timeoutMs', kind: 'number', placeholder: '10000' },
  ],
  tencent: [
    { name: 'secretId', kind: 'text', required: true },
    { name: 'secretKey', kind: 'secret', required: true },
    { name: 'smsSdkAppId', kind: 'text', required: true, placeholder: '1400006666' },
    { name: 'signName', kind: 'text', required: true },
    { name: 'region', kind: 'text', placeholder: 'ap-guangzhou' },
    { name: 'templateParamOrder', kind: 'json', placeholder: '{ "1234567": ["name", "holiday"] }' },
    { name: 'endpoint', kind: 'text', placeholder: 'https://sms.tencentcloudapi.com/' },
    { name: 'timeoutMs', kind: 'number', placeholder: '10000' },
  ],
  twilio: [
    { name: 'accountSid', kind: 'text', required: true, placeholder: 'AC…' },
    { name: 'authToken', kind: 'secret', required: true },
    { name: 'from', kind: 'text', placeholder: '+14155550100' },
    { name: 'messagingServiceSid', kind: 'text', placeholder: 'MG…' },
    { name: 'statusCallbackUrl', kind: 'text' },
    { name: 'endpoint', kind: 'text', placeholder: 'https://api.twilio.com' },
    { name: 'timeoutMs', kind: 'number', placeholder: '10000' },
  ],
  // For the SMS gateway the URL is a credential too: the server never shows it.
  webhook: [
    { name: 'url', kind: 'secret', required: true },
    { name: 'secret', kind: 'secret', required: true },
    { name: 'timeoutMs', kind: 'number', placeholder: '10000' },
  ],
};

export const ROBOT_PROVIDERS = ['wecom', 'dingtalk'] as const;
export const ROBOT_FIELDS: FieldSpec[] = [
  { name: 'url', kind: 'secret', required: true, placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' },
  { name: 'secret', kind: 'secret' },
];

export type ProviderKey = SmsProvider | (typeof ROBOT_PROVIDERS)[number];
