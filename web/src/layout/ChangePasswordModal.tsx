import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { changePassword } from '../api/auth';
import { useI18n } from '../i18n/I18nProvider';
import { applyFieldErrors, errorMessage } from '../lib/errors';

type Values = { currentPassword: string; newPassword: string };

const FIELDS = new Set(['currentPassword', 'newPassword']);

/** Change one's own password; the server ends the user's other sessions. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (values: Values) => changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => {
      void message.success(t('password.changed'));
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (applyFieldErrors(form, error, FIELDS).length > 0) void message.error(errorMessage(error, t));
    },
  });

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, min: 8, message: t('password.tooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
