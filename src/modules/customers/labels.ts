import type { Messages } from '../../shared/errors.js';
import type { InteractionKind } from '../timeline/schema.js';
import type { investmentKinds } from '../orders/schema.js';
import type { Stage } from './schema.js';

export const stageLabels: Record<Stage, Messages> = {
  non_customer: { 'zh-CN': '非客户', 'en-US': 'Non-customer' },
  potential: { 'zh-CN': '潜在客户', 'en-US': 'Potential' },
  target: { 'zh-CN': '目标客户', 'en-US': 'Target' },
  current: { 'zh-CN': '现实客户', 'en-US': 'Current' },
  loyal: { 'zh-CN': '忠诚客户', 'en-US': 'Loyal' },
  churned: { 'zh-CN': '流失客户', 'en-US': 'Churned' },
};

export const interactionKindLabels: Record<InteractionKind, Messages> = {
  note: { 'zh-CN': '备注', 'en-US': 'Note' },
  call: { 'zh-CN': '电话', 'en-US': 'Call' },
  visit: { 'zh-CN': '拜访', 'en-US': 'Visit' },
  meeting: { 'zh-CN': '会议', 'en-US': 'Meeting' },
  email: { 'zh-CN': '邮件', 'en-US': 'E-mail' },
  sms: { 'zh-CN': '短信', 'en-US': 'SMS' },
  wechat: { 'zh-CN': '微信', 'en-US': 'WeChat' },
  purchase: { 'zh-CN': '购买', 'en-US': 'Purchase' },
  complaint: { 'zh-CN': '投诉', 'en-US': 'Complaint' },
  system: { 'zh-CN': '系统事件', 'en-US': 'System event' },
};

export const investmentKindLabels: Record<(typeof investmentKinds)[number], Messages> = {
  gift: { 'zh-CN': '礼品', 'en-US': 'Gift' },
  discount: { 'zh-CN': '折扣', 'en-US': 'Discount' },
  service_hours: { 'zh-CN': '服务工时', 'en-US': 'Service hours' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};
