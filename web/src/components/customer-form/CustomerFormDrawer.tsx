import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Flex, Form, Grid } from 'antd';
import { ApiError, type FieldIssue } from '../../api/client';
import { createCustomer, updateCustomer } from '../../api/customers';
import type { Customer } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { applyFieldErrors, errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';
import { useCustomFieldDefs } from '../../queries/reference';
import { CustomerFormFields } from './CustomerFormFields';
import {
  diffInput,
  FORM_ROOTS,
  NEW_CUSTOMER_VALUES,
  toCustomerInput,
  toFormValues,
  withoutEmptyRows,
  withoutNullCustomFields,
  type CustomerFormValues,
} from './formValues';

type Props = {
  open: boolean;
  /** Present when editing; absent when creating. */
  customer?: Customer;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
};

export function CustomerFormDrawer({ open, customer, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const defs = useCustomFieldDefs().data ?? [];
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const mode = customer ? 'edit' : 'create';

  // The drawer's content is destroyed on close, so each opening starts from these values
  // and a cancelled edit leaves nothing behind.
  const initialValues = useMemo(() => (customer ? toFormValues(customer) : NEW_CUSTOMER_VALUES), [customer]);
  const resetMessages = () => {
    setUnplaced([]);
    setFormError(null);
  };

  const save = useMutation({
    mutationFn: async (values: CustomerFormValues) => {
      const input = toCustomerInput(values, defs);
      if (!customer) return { saved: await createCustomer(withoutNullCustomFields(input)), changed: true };
      const patch = diffInput(toCustomerInput(toFormValues(customer), defs), input);
      if (Object.keys(patch).length === 0) return { saved: customer, changed: false };
      // expectedVersion: if a colleague saved this customer meanwhile, the server answers
      // 409 instead of silently overwriting their change.
      return { saved: await updateCustomer(customer.id, { ...patch, expectedVersion: customer.version }), changed: true };
    },
    onSuccess: ({ saved, changed }) => {
      if (!changed) {
        void message.info(t('form.noChanges'));
        onSaved(saved);
        return;
      }
      queryClient.setQueryData(queryKeys.customer(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tags });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      void message.success(customer ? t('common.saved') : t('form.created'));
      onSaved(saved);
    },
    onError: (error) => {
      const rest = applyFieldErrors(form, error, FORM_ROOTS);
      setUnplaced(rest);
      // The server's summary lists raw paths; when the fields show their own messages, a
      // plain "please correct the marked fields" reads better.
      const placedSome = error instanceof ApiError && error.fieldIssues.length > rest.length;
      setFormError(placedSome ? t('error.fields') : errorMessage(error, t));
      // A 409 means someone saved first: fetch their version so reopening starts from it.
      if (customer && error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.customer(customer.id) });
      }
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={mode === 'create' ? t('form.newTitle') : t('form.editTitle')}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      afterOpenChange={(isOpen) => !isOpen && resetMessages()}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {mode === 'create' ? t('common.create') : t('common.save')}
          </Button>
        </Flex>
      }
    >
      {formError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={formError}
          description={
            unplaced.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {unplaced.map((issue) => (
                  <li key={`${issue.path}:${issue.code}`}>
                    {issue.path ? `${issue.path}: ` : ''}
                    {issue.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form<CustomerFormValues>
        form={form}
        initialValues={initialValues}
        layout="vertical"
        onFinish={(values) => {
          const cleaned = withoutEmptyRows(values);
          form.setFieldsValue({ phones: cleaned.phones, emails: cleaned.emails });
          save.mutate(cleaned);
        }}
        onFinishFailed={() => setFormError(t('error.fields'))}
        scrollToFirstError
      >
        <CustomerFormFields mode={mode} customFieldDefs={defs} />
      </Form>
    </Drawer>
  );
}
