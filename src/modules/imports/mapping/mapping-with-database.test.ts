import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../db/test-support.js';
import { createCustomField } from '../../custom-fields/create-custom-field.js';
import { updateCompanySettings } from '../../settings/company-settings.js';
import { useFixtureDatabase } from '../../timeline/test-fixtures.js';
import { detectCustomerMapping } from './detect-customer-mapping.js';
import { loadMappingContext } from '../open-import-source.js';
import { mapCustomerRow } from './map-customer-row.js';

describe.each(testEngines())('mapping with the company settings and custom fields on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('reads phones in the company region and custom fields as defined', async () => {
    await createCustomField(t.db, t.admin, { key: 'tier', labelZh: '等级', labelEn: 'Tier', type: 'select', options: ['金卡', '银卡'] });
    await updateCompanySettings(t.db, t.admin, { phoneRegion: 'HK', timeZone: 'Asia/Hong_Kong' });
    const context = await loadMappingContext(t.db);
    expect(context).toEqual({ phoneRegion: 'HK', timeZone: 'Asia/Hong_Kong', customFields: [{ key: 'tier', labelZh: '等级', labelEn: 'Tier', type: 'select', options: ['金卡', '银卡'], required: false, maxLength: null }] });

    const headers = ['姓名', '电话', '等级'];
    const mapping = detectCustomerMapping(headers, context.customFields);
    expect(mapCustomerRow({ line: 2, cells: ['陈大文', '9123 4567', '金卡'] }, mapping, context).record).toMatchObject({ phones: [{ number: '+85291234567' }], customFields: { tier: '金卡' } });
    expect(mapCustomerRow({ line: 3, cells: ['陈小文', '9123 4567', '铜卡'] }, mapping, context).errors.map((error) => error.code)).toEqual(['invalid_option']);
  });
});
