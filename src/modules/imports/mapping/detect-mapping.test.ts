import { describe, expect, it } from 'vitest';
import { detectCustomerMapping } from './detect-customer-mapping.js';
import { detectOrderMapping } from './detect-order-mapping.js';

const targets = (mapping: { header: string; target: string }[]) => Object.fromEntries(mapping.map(({ header, target }) => [header, target]));

describe('detectCustomerMapping', () => {
  it('recognises Chinese headers with spaces, full-width letters, remarks and numbered columns', () => {
    const headers = ['客户名称', '手机1', '手机 2', '联系电话', '电子邮件', '出生日期', '工作单位', '职 位', '地址', '备注', '分组', '标签', '微信号', 'ＱＱ', '地区', '跟进人', '性别', '客户来源', '客户阶段', '意向度', '客户编号', '手机（必填）', '不认识的列'];
    expect(targets(detectCustomerMapping(headers, []))).toEqual({
      客户名称: 'name', 手机1: 'phone', '手机 2': 'phone', 联系电话: 'phone', 电子邮件: 'email', 出生日期: 'birthday', 工作单位: 'company', '职 位': 'title',
      地址: 'address', 备注: 'note', 分组: 'groups', 标签: 'tags', 微信号: 'wechat', ＱＱ: 'qq', 地区: 'region', 跟进人: 'owner', 性别: 'gender',
      客户来源: 'source', 客户阶段: 'stage', 意向度: 'intent', 客户编号: 'externalId', '手机（必填）': 'phone',
    });
  });

  it('recognises English headers in any case, and custom fields by label or key', () => {
    const fields = [{ key: 'member_level', labelZh: '会员等级', labelEn: 'Member Level' }, { key: 'shoe_size', labelZh: '鞋码', labelEn: 'Shoe size' }];
    const headers = ['FULL NAME', 'Mobile Phone', 'E-mail Address', 'Date of Birth', 'Organization', 'Job Title', 'member level', 'shoe_size', 'WeChat', 'Customer ID'];
    expect(targets(detectCustomerMapping(headers, fields))).toEqual({
      'FULL NAME': 'name', 'Mobile Phone': 'phone', 'E-mail Address': 'email', 'Date of Birth': 'birthday', Organization: 'company', 'Job Title': 'title',
      'member level': 'custom:member_level', shoe_size: 'custom:shoe_size', WeChat: 'wechat', 'Customer ID': 'externalId',
    });
  });

  it('maps a single-valued field once, and joins name parts only when there is no full-name column', () => {
    expect(targets(detectCustomerMapping(['客户名称', '联系人', '公司', '单位'], []))).toEqual({ 客户名称: 'name', 公司: 'company' });
    expect(detectCustomerMapping(['First Name', 'Last Name', 'Phone'], [])).toEqual([
      { column: 0, header: 'First Name', target: 'name' },
      { column: 1, header: 'Last Name', target: 'name' },
      { column: 2, header: 'Phone', target: 'phone' },
    ]);
  });
});

describe('detectOrderMapping', () => {
  it('maps the UCI Online Retail headers and leaves StockCode and Country alone', () => {
    const headers = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    expect(targets(detectOrderMapping(headers))).toEqual({
      InvoiceNo: 'orderExternalId', Description: 'description', Quantity: 'quantity', InvoiceDate: 'orderedAt', UnitPrice: 'unitPrice', CustomerID: 'customerExternalId',
    });
  });

  it('maps Chinese shop exports', () => {
    expect(targets(detectOrderMapping(['订单编号', '买家手机', '付款时间', '实付金额', '成本', '商品名称', '店铺']))).toEqual({
      订单编号: 'orderExternalId', 买家手机: 'customerPhone', 付款时间: 'orderedAt', 实付金额: 'amount', 成本: 'cost', 商品名称: 'description', 店铺: 'channel',
    });
  });
});
