import type { Executor } from '../../../db/connect.js';
import { listCustomFieldDefs } from '../../custom-fields/list-custom-fields.js';
import { getCompanySettings } from '../../settings/company-settings.js';
import type { MappingContext } from '../contract.js';

/** What mapping needs from the database, read once per import: phone region, time zone, custom fields. */
export async function loadMappingContext(db: Executor): Promise<MappingContext> {
  const settings = await getCompanySettings(db);
  const defs = await listCustomFieldDefs(db);
  return {
    phoneRegion: settings.phoneRegion,
    timeZone: settings.timeZone,
    customFields: defs.map(({ key, labelZh, labelEn, type, options, required, maxLength }) => ({ key, labelZh, labelEn, type, options, required, maxLength })),
  };
}
