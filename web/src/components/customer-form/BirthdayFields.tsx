import { Checkbox, Form } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/I18nProvider';
import { DateStringInput } from '../DateStringInput';

/**
 * The birthday is the solar date of birth. Many Chinese customers celebrate the lunar
 * birthday instead; the checkbox records that, and the server derives the lunar month and
 * day (including leap months) from the solar date, so nobody has to convert by hand.
 */
export function BirthdayFields() {
  const { t } = useI18n();
  return (
    <Form.Item label={t('field.birthday')} style={{ marginBottom: 0 }}>
      <Form.Item name="birthday" style={{ marginBottom: 4 }}>
        <DateStringInput disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore('1900-01-01', 'day')} />
      </Form.Item>
      <Form.Item name="birthdayLunar" valuePropName="checked" extra={t('field.birthdayLunarHelp')}>
        <Checkbox>{t('field.birthdayLunar')}</Checkbox>
      </Form.Item>
    </Form.Item>
  );
}
