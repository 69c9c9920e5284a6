import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, ColorPicker, Form, Input } from 'antd';
import type { Color } from 'antd/es/color-picker';
import { createGroup, updateGroup } from '../../api/groups';
import type { Group, GroupInput } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { FormModal, useModalFormErrors } from '../../components/FormModal';
import { queryKeys } from '../../queries/keys';

type Values = { name: string; color?: Color | string | null; description?: string | null };
const ROOTS: ReadonlySet<string> = new Set(['name', 'color', 'description']);

// A handful of antd preset colours that read well as Tag backgrounds.
const PRESETS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#13c2c2', '#eb2f96', '#fa8c16'];

function colorString(value: Values['color']): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.toHexString();
}

type Props = { open: boolean; group?: Group; onClose: () => void };

/** Create a group, or edit (rename, recolour, describe) an existing one. */
export function GroupFormModal({ open, group, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input: GroupInput = {
        name: values.name.trim(),
        color: colorString(values.color),
        description: values.description?.trim() || null,
      };
      return group ? updateGroup(group.id, input) : createGroup(input);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      // Renames show up on customer chips too.
      if (group) void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
      void message.success(group ? t('common.saved') : t('groups.created'));
      onClose();
    },
    onError: errors.show,
  });

  return (
    <FormModal open={open} title={group ? t('groups.editTitle') : t('groups.new')} okText={group ? t('common.save') : t('common.create')} saving={save.isPending} form={form} errors={errors} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ name: group?.name ?? '', color: group?.color ?? PRESETS[0], description: group?.description ?? '' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="name" label={t('groups.name')} rules={[{ required: true, whitespace: true, message: t('groups.nameRequired') }]}>
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="color" label={t('groups.color')}>
          <ColorPicker disabledAlpha presets={[{ label: t('groups.color'), colors: PRESETS }]} />
        </Form.Item>
        <Form.Item name="description" label={t('groups.description')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
