import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageSpinner } from './components/PageSpinner';
import { RequireAuth } from './layout/RequireAuth';

/** React.lazy wants a default export; our modules use named exports. */
function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// Each page is its own chunk: the login screen should not download the customer page.
const LoginPage = lazyNamed(() => import('./pages/login/LoginPage'), 'LoginPage');
const AppLayout = lazyNamed(() => import('./layout/AppLayout'), 'AppLayout');
const CustomerListPage = lazyNamed(() => import('./pages/customers/CustomerListPage'), 'CustomerListPage');
const CustomerPage = lazyNamed(() => import('./pages/customer/CustomerPage'), 'CustomerPage');
const GroupsPage = lazyNamed(() => import('./pages/groups/GroupsPage'), 'GroupsPage');
const ImportsPage = lazyNamed(() => import('./pages/imports/ImportsPage'), 'ImportsPage');
const ImportWizardPage = lazyNamed(() => import('./pages/imports/ImportWizardPage'), 'ImportWizardPage');
const ImportJobPage = lazyNamed(() => import('./pages/imports/ImportJobPage'), 'ImportJobPage');
const BatchesPage = lazyNamed(() => import('./pages/messaging/BatchesPage'), 'BatchesPage');
const BatchPage = lazyNamed(() => import('./pages/messaging/BatchPage'), 'BatchPage');
const TemplatesPage = lazyNamed(() => import('./pages/messaging/TemplatesPage'), 'TemplatesPage');
const ChannelSettingsPage = lazyNamed(() => import('./pages/messaging/ChannelSettingsPage'), 'ChannelSettingsPage');
const ValuePage = lazyNamed(() => import('./pages/analytics/ValuePage'), 'ValuePage');
const RfmPage = lazyNamed(() => import('./pages/analytics/RfmPage'), 'RfmPage');
const CohortsPage = lazyNamed(() => import('./pages/analytics/CohortsPage'), 'CohortsPage');
const ClvPage = lazyNamed(() => import('./pages/analytics/ClvPage'), 'ClvPage');
const ChurnPage = lazyNamed(() => import('./pages/analytics/ChurnPage'), 'ChurnPage');
const C3Page = lazyNamed(() => import('./pages/analytics/C3Page'), 'C3Page');
const KpiPage = lazyNamed(() => import('./pages/analytics/KpiPage'), 'KpiPage');
const ScoringSettingsPage = lazyNamed(() => import('./pages/analytics/ScoringSettingsPage'), 'ScoringSettingsPage');
const NotFoundPage = lazyNamed(() => import('./pages/NotFoundPage'), 'NotFoundPage');

export function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Navigate to="/customers" replace />} />
          <Route path="customers" element={<CustomerListPage />} />
          <Route path="customers/:id" element={<CustomerPage />} />
          <Route path="groups" element={<GroupsPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="imports/new" element={<ImportWizardPage />} />
          <Route path="imports/:id" element={<ImportJobPage />} />
          <Route path="messaging/batches" element={<BatchesPage />} />
          <Route path="messaging/batches/:id" element={<BatchPage />} />
          <Route path="messaging/templates" element={<TemplatesPage />} />
          <Route path="messaging/settings" element={<ChannelSettingsPage />} />
          <Route path="analytics" element={<Navigate to="/analytics/value" replace />} />
          <Route path="analytics/value" element={<ValuePage />} />
          <Route path="analytics/rfm" element={<RfmPage />} />
          <Route path="analytics/cohorts" element={<CohortsPage />} />
          <Route path="analytics/clv" element={<ClvPage />} />
          <Route path="analytics/churn" element={<ChurnPage />} />
          <Route path="analytics/c3" element={<C3Page />} />
          <Route path="analytics/kpis" element={<KpiPage />} />
          <Route path="analytics/settings" element={<ScoringSettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
