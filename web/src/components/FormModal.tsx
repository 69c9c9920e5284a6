import { useState, type ReactNode } from 'react';
import { Alert, Modal, type FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';
import { applyFieldErrors, errorMessage } from '../lib/errors';

/**
 * A server error for a modal form: field errors go next to their fields (for the given
 * field roots); other errors, and issues no field can show, go to an alert at the top.
 */
export function useModalFormErrors(form: FormInstance, roots: ReadonlySet<string>) {
  const { t } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  return {
    formError,
    clear: () => setFormError(null),
    show: (error: unknown) => {
      const unplaced = applyFieldErrors(form, error, roots);
      // When every problem sits next to its field, a summary on top only repeats it.
      const allPlaced = error instanceof ApiError && error.fieldIssues.length > 0 && unplaced.length === 0;
      setFormError(allPlaced ? null : [errorMessage(error, t), ...unplaced.map((issue) => issue.message)].join(' '));
    },
  };
}

type Props = {
  open: boolean;
  title: string;
  okText: string;
  saving: boolean;
  form: FormInstance;
  errors: ReturnType<typeof useModalFormErrors>;
  onClose: () => void;
  children: ReactNode;
};

/** The modal shell of our small create/edit forms: OK submits the form, errors on top. */
export function FormModal({ open, title, okText, saving, form, errors, onClose, children }: Props) {
  const { t } = useI18n();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(isOpen) => !isOpen && errors.clear()}
    >
      {errors.formError && <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />}
      {children}
    </Modal>
  );
}
