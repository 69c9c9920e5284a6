import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { I18nProvider } from './i18n/I18nProvider';
import { AntdProvider } from './layout/AntdProvider';
import { AppRoutes } from './routes';
import { UnauthorizedRedirect } from './layout/UnauthorizedRedirect';

// Retrying a 4xx only repeats the same refusal; network blips and 5xx get two more tries.
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdProvider>
          <BrowserRouter>
            <UnauthorizedRedirect />
            <AppRoutes />
          </BrowserRouter>
        </AntdProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
