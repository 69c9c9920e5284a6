import type { ColumnMapping, MappedRow, MappingContext, OrderRecord, OrderTarget, RowError, SourceRow } from '../contract.js';
import { parseEmails, parsePhones } from './parse-contacts.js';
import { parseDateTime } from './parse-date-time.js';
import { formatCents, formatPrice, MAX_UNITS, multiply, parseDecimal, type Decimal } from './parse-decimal.js';
import { cellValue } from './cell-value.js';
import { cellError, rowError } from './row-error.js';

const LIMITED: [OrderTarget, number][] = [['description', 500], ['channel', 32], ['orderExternalId', 100], ['customerExternalId', 100]];

/** Column of each target (the first one mapped), computed once per mapping rather than per row. */
const compiled = new WeakMap<ColumnMapping<OrderTarget>, Map<OrderTarget, { column: number; header: string }>>();

function columns(mapping: ColumnMapping<OrderTarget>): Map<OrderTarget, { column: number; header: string }> {
  let byTarget = compiled.get(mapping);
  if (!byTarget) {
    byTarget = new Map();
    for (const entry of mapping) if (!byTarget.has(entry.target)) byTarget.set(entry.target, entry);
    compiled.set(mapping, byTarget);
  }
  return byTarget;
}

function absolute(units: bigint): bigint {
  return units < 0n ? -units : units;
}

/** One row being read; methods rather than closures keep a million rows cheap. */
class OrderRow {
  readonly errors: RowError[] = [];
  readonly cells = new Map<OrderTarget, { header: string; value: string }>();

  constructor(readonly line: number, cells: string[], mapping: ColumnMapping<OrderTarget>) {
    for (const [target, { column, header }] of columns(mapping)) {
      const value = cellValue(cells, column);
      if (value !== '') this.cells.set(target, { header, value });
    }
  }

  value(target: OrderTarget): string | undefined {
    return this.cells.get(target)?.value;
  }

  refuse(target: OrderTarget, code: string, zh: string, en: string): void {
    const cell = this.cells.get(target)!;
    this.errors.push(cellError(this.line, cell.header, cell.value, code, zh, en));
  }

  money(target: 'amount' | 'cost' | 'unitPrice', decimals: number, signed: boolean): Decimal | undefined {
    const text = this.value(target);
    if (text === undefined) return undefined;
    const parsed = parseDecimal(text);
    if (parsed && parsed.decimals <= decimals && (signed || parsed.units >= 0n) && absolute(parsed.units) < MAX_UNITS) return parsed;
    this.refuse(target, `${target === 'unitPrice' ? 'price' : target}_invalid`,
      `应为${signed ? '' : '非负'}数字，最多 12 位整数、${decimals} 位小数`,
      `must be a ${signed ? '' : 'non-negative '}number with at most 12 integer digits and ${decimals} decimals`);
    return undefined;
  }

  quantity(): number | undefined {
    const text = this.value('quantity');
    if (text === undefined) return undefined;
    const number = Number(text.normalize('NFKC').replace(/\.0+$/, ''));
    if (Number.isInteger(number) && number !== 0 && Math.abs(number) <= 1_000_000) return number;
    this.refuse('quantity', 'quantity_invalid', '应为非零整数（退货为负数），绝对值不超过 1000000', 'must be a whole number other than 0 (negative for returns), at most 1,000,000');
    return undefined;
  }
}

/**
 * One source row as an order, or one line item of an order when quantity and unit price
 * are mapped (the UCI Online Retail layout): amount = quantity × unit price, exact, unless
 * an amount column says otherwise. Rows sharing an orderExternalId are items of one
 * order; grouping them is the engine's job. A row is all or nothing and gives every reason.
 */
export function mapOrderRow(source: SourceRow, mapping: ColumnMapping<OrderTarget>, context: MappingContext): MappedRow<OrderRecord> {
  const row = new OrderRow(source.line, source.cells, mapping);
  const record: Partial<OrderRecord> = {};
  for (const [target, max] of LIMITED) {
    if ((row.value(target)?.length ?? 0) > max) row.refuse(target, 'too_long', `最多 ${max} 个字符`, `must be at most ${max} characters`);
  }

  const phone = row.value('customerPhone');
  if (phone !== undefined) {
    const { phones, problems } = parsePhones(phone, context.phoneRegion);
    if (problems.length > 0 || phones.length !== 1) row.refuse('customerPhone', 'phone_invalid', '不是一个有效的电话号码', 'is not one valid phone number');
    else record.customerPhone = phones[0]!.number;
  }
  const email = row.value('customerEmail');
  if (email !== undefined) {
    const { emails, invalid } = parseEmails(email);
    if (invalid.length > 0 || emails.length !== 1) row.refuse('customerEmail', 'email_invalid', '不是一个有效的电子邮件地址', 'is not one valid e-mail address');
    else record.customerEmail = emails[0];
  }
  // Spreadsheets and pandas write integer ids as floats: 17850.0.
  const customerId = row.value('customerExternalId')?.replace(/^(\d+)\.0+$/, '$1');
  if (customerId) record.customerExternalId = customerId;
  const orderId = row.value('orderExternalId');
  if (orderId !== undefined) record.orderExternalId = orderId;
  const description = row.value('description');
  if (description !== undefined) record.description = description;
  const channel = row.value('channel');
  if (channel !== undefined) record.channel = channel;

  const time = row.value('orderedAt');
  if (time === undefined) row.errors.push(rowError(source.line, 'time_missing', '缺少下单时间', 'The order time is missing'));
  else {
    const orderedAt = parseDateTime(time, context.timeZone);
    if (!orderedAt || orderedAt < '1900' || Date.parse(orderedAt) > Date.now() + 86_400_000) row.refuse('orderedAt', 'time_invalid', '不是有效的时间（如 2024-05-01 14:30）', 'is not a valid time (e.g. 2024-05-01 14:30)');
    else record.orderedAt = orderedAt;
  }

  const amount = row.money('amount', 2, true);
  const cost = row.money('cost', 2, false);
  if (cost) record.cost = formatCents(cost.units);
  const price = row.money('unitPrice', 4, false);
  const quantity = row.quantity();
  if (quantity !== undefined && price) {
    record.item = { name: record.description ?? '', quantity, unitPrice: formatPrice(price.units) };
    const total = amount ? amount.units : multiply(quantity, price);
    if (absolute(total) >= MAX_UNITS) row.errors.push(rowError(source.line, 'amount_invalid', '金额超过 12 位整数', 'The amount has more than 12 integer digits'));
    else record.amount = formatCents(total);
  } else if (amount) {
    // 0 is a real order (a free sample, a gift, a fully discounted order): it is a purchase
    // day in the analyses, so it must be importable. A refund is a negative amount.
    record.amount = formatCents(amount.units);
  } else if (!row.cells.has('amount') && !(row.cells.has('quantity') && row.cells.has('unitPrice'))) {
    row.errors.push(rowError(source.line, 'amount_missing', '缺少金额（或数量与单价）', 'The amount (or quantity and unit price) is missing'));
  }

  if (phone === undefined && email === undefined && !customerId) {
    row.errors.push(rowError(source.line, 'customer_missing', '没有客户手机、邮箱或客户编号，无法关联到客户', 'No customer phone, e-mail or customer id: the order cannot be linked to a customer'));
  }
  if (row.errors.length > 0) return { line: source.line, errors: row.errors };
  return { line: source.line, record: record as OrderRecord, errors: [] };
}
