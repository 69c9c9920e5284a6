import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { PageSpinner } from '../components/PageSpinner';
import { useI18n } from '../i18n/I18nProvider';
import { errorMessage } from '../lib/errors';
import { useCurrentUser } from '../queries/reference';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const me = useCurrentUser();

  if (me.isPending) return <PageSpinner />;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    }
    return (
      <Result
        status="error"
        title={t('error.generic')}
        subTitle={errorMessage(me.error, t)}
        extra={<Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  return <>{children}</>;
}
