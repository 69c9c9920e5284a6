import type { ReactNode } from 'react';
import {
  ClockCircleOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  WarningOutlined,
  WechatOutlined,
} from '@ant-design/icons';

/** Icon and dot colour per interaction kind; complaints stand out in red on purpose. */
const KINDS: Record<string, { icon: ReactNode; color: string }> = {
  note: { icon: <FileTextOutlined />, color: 'gray' },
  call: { icon: <PhoneOutlined />, color: 'blue' },
  visit: { icon: <EnvironmentOutlined />, color: 'green' },
  meeting: { icon: <TeamOutlined />, color: 'green' },
  email: { icon: <MailOutlined />, color: 'blue' },
  sms: { icon: <MessageOutlined />, color: 'blue' },
  wechat: { icon: <WechatOutlined />, color: '#07c160' },
  complaint: { icon: <WarningOutlined />, color: 'red' },
  purchase: { icon: <ShoppingCartOutlined />, color: 'gold' },
  system: { icon: <SettingOutlined />, color: 'gray' },
};

const FALLBACK = { icon: <ClockCircleOutlined />, color: 'gray' };

export function kindVisual(kind: string): { icon: ReactNode; color: string } {
  return KINDS[kind] ?? FALLBACK;
}
