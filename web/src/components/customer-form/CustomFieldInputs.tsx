import { Form, Input, InputNumber, Select } from 'antd';
import type { CustomFieldDef, CustomFieldValue } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { DateStringInput } from '../DateStringInput';

type ControlProps = {
  def: CustomFieldDef;
  // Injected by Form.Item; they must reach the real input or the form never sees changes.
  value?: CustomFieldValue;
  onChange?: (value: CustomFieldValue) => void;
  id?: string;
};

function FieldControl({ def, value, onChange, id }: ControlProps) {
  const options = def.options.map((o) => ({ value: o, label: o }));
  const text = typeof value === 'string' ? value : null;
  switch (def.type) {
    case 'number':
      return (
        <InputNumber<number>
          id={id}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange?.(v)}
          style={{ width: '100%' }}
        />
      );
    case 'date':
      return <DateStringInput id={id} value={text} onChange={(v) => onChange?.(v)} />;
    case 'select':
      return <Select id={id} allowClear options={options} value={text ?? undefined} onChange={(v?: string) => onChange?.(v ?? null)} />;
    case 'multiselect':
      return (
        <Select
          id={id}
          mode="multiple"
          allowClear
          options={options}
          value={Array.isArray(value) ? value : []}
          onChange={(v: string[]) => onChange?.(v)}
        />
      );
    case 'text':
    default:
      return <Input id={id} maxLength={def.maxLength ?? undefined} value={text ?? ''} onChange={(e) => onChange?.(e.target.value)} />;
  }
}

/** Company-defined fields; they are data (DESIGN.md), so the form is built from definitions. */
export function CustomFieldInputs({ defs }: { defs: CustomFieldDef[] }) {
  const { t, locale } = useI18n();
  return (
    <>
      {defs.map((def) => {
        const label = locale === 'zh-CN' ? def.labelZh : def.labelEn;
        return (
          <Form.Item
            key={def.key}
            name={['customFields', def.key]}
            label={label}
            rules={def.required ? [{ required: true, message: t('form.fieldRequired', { field: label }) }] : []}
          >
            <FieldControl def={def} />
          </Form.Item>
        );
      })}
    </>
  );
}
