import { Weighted } from './random.js';

/** Real mobile prefixes of the three carriers (and virtual operators), weighted by use. */
export const mobilePrefixes = new Weighted<string>([
  ['130', 4], ['131', 4], ['132', 4], ['133', 4], ['134', 4], ['135', 6], ['136', 6], ['137', 6],
  ['138', 8], ['139', 8], ['147', 1], ['150', 4], ['151', 4], ['152', 4], ['153', 3], ['155', 3],
  ['156', 3], ['157', 3], ['158', 4], ['159', 4], ['166', 2], ['170', 1], ['171', 1], ['173', 2],
  ['175', 1], ['176', 2], ['177', 2], ['178', 2], ['180', 3], ['181', 3], ['182', 3], ['183', 3],
  ['184', 1], ['185', 3], ['186', 4], ['187', 4], ['188', 4], ['189', 4], ['191', 2], ['193', 1],
  ['195', 1], ['198', 2], ['199', 2],
]);

/**
 * E-mail domains of the demo customers: the reserved example domains (RFC 2606) on
 * purpose, so a campaign sent to demo data by mistake cannot reach a real inbox. Company
 * addresses use subdomains of example.com, which are reserved too.
 */
export const personalEmailDomains = new Weighted<string>([
  ['example.com', 5], ['example.net', 3], ['example.org', 2],
]);

/** Trade names (字号) for companies, with their pinyin for company e-mail domains. */
export const companyWords: readonly (readonly [string, string])[] = [
  ['华晨', 'huachen'], ['鑫源', 'xinyuan'], ['恒通', 'hengtong'], ['宏达', 'hongda'], ['盛世', 'shengshi'],
  ['中联', 'zhonglian'], ['天元', 'tianyuan'], ['金桥', 'jinqiao'], ['新华', 'xinhua'], ['博远', 'boyuan'],
  ['瑞丰', 'ruifeng'], ['永盛', 'yongsheng'], ['德润', 'derun'], ['汇通', 'huitong'], ['嘉禾', 'jiahe'],
  ['安泰', 'antai'], ['明德', 'mingde'], ['伟业', 'weiye'], ['远航', 'yuanhang'], ['晨光', 'chenguang'],
  ['卓越', 'zhuoyue'], ['凯瑞', 'kairui'], ['星辰', 'xingchen'], ['和信', 'hexin'], ['众诚', 'zhongcheng'],
  ['同创', 'tongchuang'], ['金鼎', 'jinding'], ['华美', 'huamei'], ['锦程', 'jincheng'], ['鼎盛', 'dingsheng'],
  ['信达', 'xinda'], ['宝丰', 'baofeng'], ['广源', 'guangyuan'], ['荣昌', 'rongchang'], ['海纳', 'haina'],
  ['蓝天', 'lantian'], ['绿源', 'lvyuan'], ['兴隆', 'xinglong'], ['西湖', 'xihu'], ['东方', 'dongfang'],
  ['正阳', 'zhengyang'], ['长丰', 'changfeng'], ['恒信', 'hengxin'], ['九州', 'jiuzhou'], ['百川', 'baichuan'],
  ['万和', 'wanhe'], ['三江', 'sanjiang'], ['聚源', 'juyuan'], ['启航', 'qihang'], ['乐活', 'lehuo'],
];

export const trades = new Weighted<string>([
  ['科技', 10], ['电子科技', 6], ['信息技术', 6], ['网络科技', 6], ['贸易', 9], ['商贸', 8], ['实业', 5],
  ['建筑工程', 4], ['装饰工程', 4], ['食品', 5], ['茶业', 3], ['餐饮管理', 4], ['物流', 4], ['医疗器械', 3],
  ['服饰', 4], ['家具', 3], ['文化传媒', 4], ['教育咨询', 3], ['汽车服务', 3], ['化工', 2], ['机械设备', 4],
  ['农业科技', 2], ['酒店管理', 2], ['生物科技', 2], ['环保科技', 2], ['印刷', 1], ['电器', 2], ['五金', 2],
  ['纺织', 2], ['企业管理咨询', 3],
]);

export const companySuffixes = new Weighted<string>([
  ['有限公司', 70], ['股份有限公司', 8], ['有限责任公司', 12], ['集团有限公司', 4], ['商行', 3], ['工作室', 3],
]);

export const titles = new Weighted<string>([
  ['总经理', 8], ['经理', 12], ['销售经理', 6], ['采购经理', 8], ['采购', 10], ['采购主管', 5], ['总监', 4],
  ['市场总监', 3], ['财务总监', 2], ['行政主管', 4], ['董事长', 3], ['店长', 5], ['老板', 6], ['技术总监', 2],
  ['项目经理', 4], ['助理', 4], ['人事经理', 2], ['运营总监', 2], ['副总经理', 3],
]);

export const sources = new Weighted<string>([
  ['转介绍', 22], ['展会', 10], ['官网', 12], ['电话营销', 10], ['门店', 14], ['微信', 12], ['抖音', 6],
  ['地推', 4], ['线上广告', 6], ['老客户推荐', 4],
]);

export type GroupDef = { key: string; name: string; color: string; description: string };

/** The demo company's groups (user-defined in the product; these are examples). */
export const groupDefs: readonly GroupDef[] = [
  { key: 'family', name: '家人', color: '#eb2f96', description: '家人和亲戚' },
  { key: 'friends', name: '朋友', color: '#fa8c16', description: '朋友及朋友介绍的客户' },
  { key: 'key', name: '重点客户', color: '#f5222d', description: '重点维护，经理每月回访' },
  { key: 'ordinary', name: '普通用户', color: '#8c8c8c', description: '按常规节奏回访' },
  { key: 'corporate', name: '集团客户', color: '#2f54eb', description: '集团及其下属公司' },
  { key: 'vip', name: 'VIP', color: '#faad14', description: 'VIP 会员，电话回访要勤' },
  { key: 'old', name: '老客户', color: '#13c2c2', description: '合作多年、反复购买的客户' },
  { key: 'prospect', name: '潜在大客户', color: '#722ed1', description: '需求大、正在培育' },
  { key: 'partner', name: '渠道伙伴', color: '#52c41a', description: '代理商、经销商' },
  { key: 'community', name: '社区团购', color: '#a0d911', description: '社区团购团长与团员' },
];

export type Product = { name: string; priceCents: number; costRatio: number };

export const products: readonly Product[] = [
  { name: '西湖龙井礼盒', priceCents: 68_800, costRatio: 0.55 },
  { name: '安溪铁观音', priceCents: 29_800, costRatio: 0.5 },
  { name: '办公椅', priceCents: 89_900, costRatio: 0.62 },
  { name: '实木办公桌', priceCents: 328_000, costRatio: 0.6 },
  { name: '商用净水器', priceCents: 459_900, costRatio: 0.58 },
  { name: '滤芯套装', priceCents: 39_900, costRatio: 0.35 },
  { name: '会员年卡', priceCents: 199_900, costRatio: 0.2 },
  { name: '企业培训课程', priceCents: 1_280_000, costRatio: 0.4 },
  { name: '年度维保服务', priceCents: 880_000, costRatio: 0.45 },
  { name: '打印耗材', priceCents: 12_900, costRatio: 0.7 },
  { name: '中秋月饼礼盒', priceCents: 25_800, costRatio: 0.6 },
  { name: '定制工作服', priceCents: 15_800, costRatio: 0.66 },
  { name: '智能门锁', priceCents: 169_900, costRatio: 0.57 },
  { name: '软件订阅(年)', priceCents: 598_000, costRatio: 0.15 },
  { name: '空气净化器', priceCents: 259_900, costRatio: 0.6 },
];

export const orderChannels = new Weighted<string>([
  ['门店', 30], ['线上商城', 25], ['微信', 20], ['销售上门', 15], ['电话', 10],
]);

export const tagNames = {
  vip: 'VIP', old: '老客户', big: '大客户', family: '家人', friend: '朋友', repeat: '回头客',
  priceSensitive: '价格敏感', followUp: '需回访', highPotential: '高潜力', complained: '已投诉',
  referrer: '转介绍人', festival: '节日关怀',
} as const;

export const churnReasons = new Weighted<string>([
  ['找到更便宜的供应商', 22], ['服务不满意', 16], ['产品质量问题', 12], ['价格原因', 14],
  ['客户搬迁外地', 8], ['客户公司倒闭', 6], ['客户转行', 6], ['联系人离职', 8], ['长期未联系', 8],
]);

export const nonCustomerReasons: readonly string[] = [
  'MAN 评估：无购买能力，停止联系', '明确拒绝，要求不再联系', '同行打探价格', '需求不匹配',
];

export type InteractionTemplate = { kind: string; channel: string | null; subject: string; texts: readonly string[] };

export const interactionTemplates = new Weighted<InteractionTemplate>([
  [{ kind: 'call', channel: 'phone', subject: '电话回访', texts: [
    '电话回访，客户对产品使用满意，下月有追加采购计划。', '客户来电咨询价格和交期，已发报价。',
    '电话沟通续费事宜，客户说再考虑一下。', '节日电话问候，顺便了解到新需求。', '未接通，约好明天上午再打。',
    '月初问候，客户说最近很忙，月底再联系。',
  ] }, 30],
  [{ kind: 'wechat', channel: 'wechat', subject: '微信沟通', texts: [
    '微信发送新品资料，客户回复很感兴趣。', '微信节日祝福，客户回了红包表情。', '客户微信咨询售后问题，已解答。',
    '发了月底总结和下月活动预告。', '客户转发了我们的活动给朋友。',
  ] }, 28],
  [{ kind: 'visit', channel: 'face_to_face', subject: '上门拜访', texts: [
    '上门拜访，带了一盒茶叶，客户介绍了新项目。', '到店回访，检查设备使用情况，一切正常。',
    '拜访客户工厂，了解明年的采购计划。', '两分钟谈业务，八分钟聊生活：客户最近在学钓鱼。',
  ] }, 10],
  [{ kind: 'meeting', channel: 'face_to_face', subject: '会议', texts: [
    '与客户开会确认年度采购方案。', '参加客户公司周年庆，送了花篮。', '和客户决策人见面，确认了合作意向。',
  ] }, 5],
  [{ kind: 'email', channel: 'email', subject: '邮件', texts: [
    '发送报价单和合同草案。', '发送月度对账单。', '邮件确认发货时间。',
  ] }, 8],
  [{ kind: 'sms', channel: 'sms', subject: '短信', texts: [
    '短信通知会员积分到账。', '生日祝福短信。', '新品上市短信通知。',
  ] }, 7],
  [{ kind: 'note', channel: null, subject: '备注', texts: [
    '客户喜欢喝普洱，下次拜访可以带一些。', '客户孩子今年高考，六月少打扰。', '决策人是客户的爱人，需要一起沟通。',
    '客户对价格比较敏感，报价要留余地。', '客户是老乡，聊得来。', '客户希望每月月底收到账单汇总。',
  ] }, 12],
]);

export const complaintTexts: readonly string[] = [
  '客户投诉送货延迟三天，已道歉并安排加急。', '客户反映产品质量问题，已安排换货。',
  '客户对售后响应速度不满，已升级给经理处理。', '客户投诉发票开错，已重开并快递。',
];

export const investmentTemplates: readonly (readonly [string, string, number, number])[] = [
  // kind, description, min cost (yuan), max cost (yuan)
  ['gift', '中秋月饼礼盒', 150, 400],
  ['gift', '春节年货礼包', 200, 800],
  ['gift', '生日蛋糕券', 100, 300],
  ['gift', '茶叶礼盒', 300, 1200],
  ['discount', '老客户九折优惠', 100, 3000],
  ['discount', '年度返利', 500, 8000],
  ['service_hours', '上门安装调试', 200, 800],
  ['service_hours', '免费操作培训', 300, 1500],
  ['service_hours', '设备保养', 150, 600],
  ['other', '邀请参加客户答谢会', 300, 1000],
];

export const importantDateLabels = {
  companyAnniversary: '公司周年',
  weddingAnniversary: '结婚纪念日',
  childBirthday: '孩子生日',
  vaccination: '孩子疫苗接种',
  motherBirthday: '母亲生日',
} as const;
