import type { Executor } from '../../db/connect.js';
import { listCustomFieldDefs } from '../custom-fields/list-custom-fields.js';
import { getCompanySettings } from '../settings/company-settings.js';
import type { ColumnMapping, CustomerTarget, MappingContext, OpenSourceOptions, OrderTarget, SourceTable } from './contract.js';
import type { MapCustomerRow } from './import-customers.js';
import type { MapOrderRow } from './import-orders.js';
import { detectCustomerMapping } from './mapping/detect-customer-mapping.js';
import { detectOrderMapping } from './mapping/detect-order-mapping.js';
import { mapCustomerRow } from './mapping/map-customer-row.js';
import { mapOrderRow } from './mapping/map-order-row.js';
import { openSource } from './read/open-source.js';

/** What mapping needs from the company: phone region, time zone and custom fields. */
export async function loadMappingContext(db: Executor): Promise<MappingContext> {
  const settings = await getCompanySettings(db);
  const defs = await listCustomFieldDefs(db);
  return {
    phoneRegion: settings.phoneRegion,
    timeZone: settings.timeZone,
    customFields: defs.map(({ key, labelZh, labelEn, type, options, required, maxLength }) => ({ key, labelZh, labelEn, type, options, required, maxLength })),
  };
}

export type OpenedCustomerSource = { source: SourceTable; mapping: ColumnMapping<CustomerTarget>; mapRow: MapCustomerRow };

/**
 * Opens a customer file for the engine: the reader streams its rows, the mapping is the
 * given one or detected from the headers, and each row is normalised with the company's
 * settings. Call again to read the file again (resume opens it afresh).
 */
export async function openCustomerSource(db: Executor, path: string, options: OpenSourceOptions & { mapping?: ColumnMapping<CustomerTarget> }): Promise<OpenedCustomerSource> {
  const source = await openSource(path, { format: options.format, encoding: options.encoding, sheet: options.sheet });
  const context = await loadMappingContext(db);
  const mapping = options.mapping ?? detectCustomerMapping(source.headers, context.customFields);
  return { source, mapping, mapRow: (row) => mapCustomerRow(row, mapping, context) };
}

export type OpenedOrderSource = { source: SourceTable; mapping: ColumnMapping<OrderTarget>; mapRow: MapOrderRow };

export async function openOrderSource(db: Executor, path: string, options: OpenSourceOptions & { mapping?: ColumnMapping<OrderTarget> }): Promise<OpenedOrderSource> {
  const source = await openSource(path, { format: options.format, encoding: options.encoding, sheet: options.sheet });
  const context = await loadMappingContext(db);
  const mapping = options.mapping ?? detectOrderMapping(source.headers);
  return { source, mapping, mapRow: (row) => mapOrderRow(row, mapping, context) };
}
