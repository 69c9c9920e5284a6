import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import type { FormRule } from 'antd';
import { useI18n } from '../../i18n/I18nProvider';

/** Several phones and e-mails per customer, each with an optional label (mobile, office…). */
/** A row with a label but no value is a mistake; a wholly empty row is dropped on save. */
function requiredWithLabel(list: 'phones' | 'emails', index: number, message: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_, value: string | undefined) => {
      const label = getFieldValue([list, index, 'label']) as string | undefined;
      if (label?.trim() && !value?.trim()) throw new Error(message);
    },
  });
}

export function ContactLists() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item label={t('field.phones')}>
        <Form.List name="phones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map(({ key, name }) => (
                <Flex key={key} gap={8} align="start">
                  <Form.Item name={[name, 'label']} style={{ width: '35%', marginBottom: 8 }}>
                    <Input placeholder={t('field.phoneLabel')} aria-label={t('field.phoneLabel')} />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'number']}
                    style={{ flex: 1, marginBottom: 8 }}
                    rules={[requiredWithLabel('phones', name, t('form.numberRequired'))]}
                  >
                    <Input type="tel" placeholder={t('field.phoneNumber')} aria-label={t('field.phoneNumber')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={() => remove(name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', number: '' })}>
                {t('form.addPhone')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={t('field.emails')}>
        <Form.List name="emails">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map(({ key, name }) => (
                <Flex key={key} gap={8} align="start">
                  <Form.Item name={[name, 'label']} style={{ width: '35%', marginBottom: 8 }}>
                    <Input placeholder={t('field.emailLabel')} aria-label={t('field.emailLabel')} />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'address']}
                    style={{ flex: 1, marginBottom: 8 }}
                    rules={[
                      requiredWithLabel('emails', name, t('form.invalidEmail')),
                      { type: 'email', message: t('form.invalidEmail') },
                    ]}
                  >
                    <Input type="email" placeholder={t('field.emailAddress')} aria-label={t('field.emailAddress')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.remove')} onClick={() => remove(name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', address: '' })}>
                {t('form.addEmail')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}
