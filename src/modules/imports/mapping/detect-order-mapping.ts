import type { ColumnMapping, OrderTarget } from '../contract.js';
import { aliasIndex, headerKey } from './header-key.js';

/** Headers of order exports (shop systems, Excel, the UCI Online Retail set), compared by headerKey. */
const orderAliases: Record<OrderTarget, readonly string[]> = {
  customerPhone: ['手机', '手机号', '手机号码', '电话', '联系电话', '客户手机', '客户电话', '收货人手机', '买家手机', 'Phone', 'Mobile', 'Customer Phone', 'Tel', 'Telephone'],
  customerEmail: ['邮箱', '电子邮件', '客户邮箱', '买家邮箱', 'Email', 'E-mail', 'Customer Email'],
  customerExternalId: ['客户编号', '客户ID', '客户代码', '会员号', '会员编号', '会员卡号', '买家ID', 'Customer ID', 'CustomerID', 'Customer No', 'Customer Number', 'Client ID', 'Member ID', 'Buyer ID'],
  orderExternalId: ['订单号', '订单编号', '单号', '订单ID', '发票号', '流水号', '交易号', 'Invoice No', 'InvoiceNo', 'Invoice', 'Invoice Number', 'Order ID', 'Order No', 'Order Number', 'Transaction ID'],
  orderedAt: ['下单时间', '订单时间', '下单日期', '订单日期', '购买时间', '购买日期', '付款时间', '成交时间', '交易时间', '时间', '日期', 'Invoice Date', 'InvoiceDate', 'Order Date', 'Ordered At', 'Purchase Date', 'Date', 'Time', 'Created At'],
  amount: ['金额', '订单金额', '实付金额', '实付', '实收金额', '支付金额', '总金额', '总价', '成交金额', '合计', 'Amount', 'Total', 'Order Total', 'Total Amount', 'Revenue', 'Sales'],
  cost: ['成本', '成本价', '成本金额', 'Cost', 'Cost Price'],
  quantity: ['数量', '件数', '购买数量', 'Quantity', 'Qty'],
  unitPrice: ['单价', '价格', '售价', 'Unit Price', 'UnitPrice', 'Price'],
  description: ['描述', '商品', '商品名称', '品名', '产品', '产品名称', '宝贝标题', '备注', '说明', 'Description', 'Product', 'Product Name', 'Item', 'Item Name', 'Note'],
  channel: ['渠道', '来源', '店铺', '平台', '销售渠道', 'Channel', 'Source', 'Store', 'Platform'],
};

const orderIndex = aliasIndex(orderAliases);

/**
 * Guesses the order field of each column; each field takes the first matching column.
 * Columns such as StockCode or Country stay unmapped.
 */
export function detectOrderMapping(headers: string[]): ColumnMapping<OrderTarget> {
  const mapping: ColumnMapping<OrderTarget> = [];
  const taken = new Set<OrderTarget>();
  headers.forEach((header, column) => {
    const target = orderIndex.get(headerKey(header));
    if (!target || taken.has(target)) return;
    taken.add(target);
    mapping.push({ column, header, target });
  });
  return mapping;
}
