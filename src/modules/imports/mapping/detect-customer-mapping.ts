import type { ColumnMapping, CustomerTarget, CustomFieldDefinition } from '../contract.js';
import { aliasIndex, headerKey } from './header-key.js';

type Standard = Exclude<CustomerTarget, `custom:${string}`>;

/** Headers people write for each field, in Chinese and English (compared by headerKey). */
const customerAliases: Record<Standard, readonly string[]> = {
  name: ['姓名', '名字', '客户名称', '客户姓名', '客户名', '联系人', '联系人姓名', '名称', '全名', 'Name', 'Full Name', 'Customer Name', 'Contact Name', 'Display Name', 'Contact'],
  phone: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '联系方式', '移动电话', '座机', '办公电话', '固话', 'Mobile', 'Mobile Phone', 'Phone', 'Phone Number', 'Tel', 'Telephone', 'Cell', 'Cell Phone', 'Work Phone', 'Home Phone'],
  email: ['邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址', 'Email', 'E-mail', 'Mail', 'Email Address', 'E-mail Address'],
  birthday: ['生日', '出生日期', '出生年月日', '出生年月', '农历生日', 'Birthday', 'Birth Date', 'Date of Birth', 'DOB', 'BDAY'],
  gender: ['性别', 'Gender', 'Sex'],
  company: ['公司', '公司名称', '单位', '工作单位', '所在单位', '单位名称', '企业', '企业名称', 'Company', 'Company Name', 'Organization', 'Organisation', 'Org'],
  title: ['职务', '职位', '头衔', '岗位', 'Title', 'Job Title', 'Position'],
  address: ['地址', '联系地址', '通讯地址', '住址', '详细地址', '家庭地址', '公司地址', 'Address', 'Street Address', 'Home Address', 'Work Address'],
  note: ['备注', '说明', '附注', 'Note', 'Notes', 'Remark', 'Remarks', 'Comment', 'Comments', 'Memo'],
  groups: ['分组', '群组', '客户分组', '所属分组', '组', 'Group', 'Groups', 'Category', 'Categories'],
  tags: ['标签', '客户标签', 'Tag', 'Tags', 'Label', 'Labels'],
  wechat: ['微信', '微信号', 'WeChat', 'WeChat ID', 'Weixin'],
  qq: ['QQ', 'QQ号', 'QQ号码'],
  region: ['区域', '地区', '所在地区', '所属区域', '片区', 'Region', 'Area', 'Territory'],
  owner: ['负责人', '跟进人', '客户经理', '归属人', '所属销售', '销售', '业务员', 'Owner', 'Account Owner', 'Sales Rep', 'Assigned To'],
  source: ['来源', '客户来源', '渠道', '来源渠道', 'Source', 'Lead Source', 'Channel'],
  stage: ['阶段', '客户阶段', '生命周期', '客户状态', 'Stage', 'Lifecycle Stage', 'Customer Stage'],
  intent: ['意向', '意向度', '意向等级', '购买意向', 'Intent', 'Intention', 'Intent Level'],
  externalId: ['编号', '客户编号', '客户ID', '客户代码', '会员号', '会员编号', '会员卡号', '外部编号', 'External ID', 'Customer ID', 'Customer No', 'Customer Number', 'Member ID', 'ID'],
};

/** Parts of a name: when no full-name column exists they are joined (姓 + 名, First + Last). */
const namePartKeys = new Set(['姓', '姓氏', '名', 'First Name', 'Given Name', 'Middle Name', 'Last Name', 'Surname', 'Family Name'].map(headerKey));

const standardIndex = aliasIndex(customerAliases);

/** Fields a row may fill from several columns (手机1, 手机2; 电话 and 手机). */
export const multiColumnTargets: ReadonlySet<CustomerTarget> = new Set<CustomerTarget>(['phone', 'email', 'groups', 'tags', 'note']);

/**
 * Guesses which customer field each column holds: standard fields by their Chinese and
 * English names, then custom fields by label (zh or en) or key. A single-valued field takes
 * the first column that matches; later look-alikes stay unmapped for the user to choose.
 */
export function detectCustomerMapping(headers: string[], customFields: readonly Pick<CustomFieldDefinition, 'key' | 'labelZh' | 'labelEn'>[]): ColumnMapping<CustomerTarget> {
  const customIndex = new Map<string, CustomerTarget>();
  for (const field of customFields) {
    for (const name of [field.key, field.labelZh, field.labelEn]) {
      const key = headerKey(name);
      if (key && !customIndex.has(key)) customIndex.set(key, `custom:${field.key}`);
    }
  }
  const mapping: ColumnMapping<CustomerTarget> = [];
  const taken = new Set<CustomerTarget>();
  const keys = headers.map(headerKey);
  const hasFullName = keys.some((key) => standardIndex.get(key) === 'name');
  keys.forEach((key, column) => {
    if (!key) return;
    let target: CustomerTarget | undefined = standardIndex.get(key) ?? customIndex.get(key);
    if (!target && !hasFullName && namePartKeys.has(key)) target = 'name';
    const namePart = target === 'name' && !hasFullName;
    if (!target || (taken.has(target) && !multiColumnTargets.has(target) && !namePart)) return;
    taken.add(target);
    mapping.push({ column, header: headers[column]!, target });
  });
  return mapping;
}
