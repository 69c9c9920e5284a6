import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  disabledDate?: (date: Dayjs) => boolean;
};

/**
 * A DatePicker whose form value is the API's 'YYYY-MM-DD' string, not a dayjs object, so
 * forms hold exactly what is sent and no time zone can shift a birthday by a day.
 */
export function DateStringInput({ value, onChange, id, placeholder, allowClear = true, style, disabledDate }: Props) {
  const parsed = value ? dayjs(value, 'YYYY-MM-DD') : null;
  return (
    <DatePicker
      id={id}
      value={parsed && parsed.isValid() ? parsed : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      placeholder={placeholder}
      allowClear={allowClear}
      disabledDate={disabledDate}
      style={style ?? { width: '100%' }}
    />
  );
}
