import { useMutation } from '@tanstack/react-query';
import { App, Form, Input } from 'antd';
import { changePassword } from '../api/auth';
import { FormModal, useModalFormErrors } from '../components/FormModal';
import { useI18n } from '../i18n/I18nProvider';

type Values = { currentPassword: string; newPassword: string };

const ROOTS: ReadonlySet<string> = new Set(['currentPassword', 'newPassword']);

/** Change one's own password; the server ends the user's other sessions. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);
  const save = useMutation({
    mutationFn: (values: Values) => changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => {
      void message.success(t('password.changed'));
      onClose();
    },
    onError: errors.show,
  });

  return (
    <FormModal open={open} title={t('password.title')} okText={t('common.save')} saving={save.isPending} form={form} errors={errors} onClose={onClose}>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, min: 8, message: t('password.tooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
