import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { updateCustomer } from '../../api/customers';
import type { CustomerPatch } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';

/** The small in-place edits of the customer page (groups, tags, stage) share one PATCH path. */
export function useUpdateCustomer(customerId: string, successText?: string) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: CustomerPatch) => updateCustomer(customerId, patch),
    onSuccess: (saved, patch) => {
      queryClient.setQueryData(queryKeys.customer(customerId), saved);
      void queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
      if (patch.tags) void queryClient.invalidateQueries({ queryKey: queryKeys.tags });
      if (patch.groupIds) void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      // A stage change writes a timeline entry on some servers; refresh to show it.
      if (patch.stage) void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(customerId) });
      void message.success(successText ?? t('common.saved'));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
}
