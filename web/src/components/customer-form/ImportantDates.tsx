import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Input } from 'antd';
import { useI18n } from '../../i18n/I18nProvider';
import { DateStringInput } from '../DateStringInput';

function DateRow({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }}>
      <Flex gap={8} align="start">
        <Form.Item
          name={[name, 'label']}
          style={{ flex: 1, marginBottom: 0 }}
          rules={[{ required: true, whitespace: true, message: t('form.fieldRequired', { field: t('field.dateLabel') }) }]}
        >
          <Input placeholder={t('field.dateLabel')} aria-label={t('field.dateLabel')} />
        </Form.Item>
        <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={onRemove} />
      </Flex>
      <Form.Item
        name={[name, 'date']}
        style={{ marginBottom: 0 }}
        rules={[{ required: true, message: t('form.fieldRequired', { field: t('field.date') }) }]}
      >
        <DateStringInput placeholder={t('field.date')} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name={[name, 'recurring']} valuePropName="checked" noStyle>
          <Checkbox>{t('field.recurring')}</Checkbox>
        </Form.Item>
        {/* Lunar: the date recurs on the lunar calendar (e.g. a parent's lunar birthday). */}
        <Form.Item name={[name, 'lunar']} valuePropName="checked" noStyle>
          <Checkbox>{t('field.lunar')}</Checkbox>
        </Form.Item>
      </Flex>
    </Flex>
  );
}

/** Anniversaries, Mother's Day for a mother, a child's vaccinations: the dates worth a call. */
export function ImportantDates() {
  const { t } = useI18n();
  return (
    <Form.Item label={t('field.importantDates')}>
      <Form.List name="importantDates">
        {(fields, { add, remove }) => (
          <>
            {fields.map(({ key, name }) => (
              <DateRow key={key} name={name} onRemove={() => remove(name)} />
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ label: '', date: null, recurring: true, lunar: false })}
            >
              {t('form.addDate')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
