import { useState } from 'react';
import { MenuOutlined, TeamOutlined, AppstoreOutlined, ImportOutlined, SendOutlined, FileTextOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Suspense } from 'react';
import { PageSpinner } from '../components/PageSpinner';
import { ANALYTICS_MENU_KEYS, analyticsMenuItem } from '../components/analytics/analyticsMenu';
import { NotificationBell } from '../components/messaging/NotificationBell';
import { useI18n } from '../i18n/I18nProvider';
import { useCurrentUser } from '../queries/reference';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Below lg the side menu gives way to a drawer so a phone keeps its full width for data.
  const wide = screens.lg ?? true;

  const role = useCurrentUser().data?.role;
  // Longest matching menu path wins, so /messaging/batches/:id highlights the delivery log.
  const menuKeys = ['customers', 'groups', 'imports', 'messaging/batches', 'messaging/templates', 'messaging/settings', ...ANALYTICS_MENU_KEYS];
  const selected = menuKeys.filter((key) => location.pathname.startsWith(`/${key}`)).sort((a, b) => b.length - a.length)[0] ?? 'customers';
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={selected.startsWith('analytics/') ? ['analytics'] : []}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(`/${key}`);
      }}
      items={[
        { key: 'customers', icon: <TeamOutlined />, label: t('nav.customers') },
        { key: 'groups', icon: <AppstoreOutlined />, label: t('nav.groups') },
        { key: 'imports', icon: <ImportOutlined />, label: t('nav.imports') },
        { key: 'messaging/batches', icon: <SendOutlined />, label: t('nav.deliveryLog') },
        analyticsMenuItem(t),
        ...(role === 'admin' || role === 'manager'
          ? [
              { key: 'messaging/templates', icon: <FileTextOutlined />, label: t('nav.templates') },
              { key: 'messaging/settings', icon: <SettingOutlined />, label: t('nav.channels') },
            ]
          : []),
      ]}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingInline: wide ? 24 : 12,
          position: 'sticky',
          top: 0,
          // Above the table's sticky fixed-column cells, which antd stacks with z-indexes of their own.
          zIndex: 100,
        }}
      >
        <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={8}>
          <Flex align="center" gap={8}>
            {!wide && (
              <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.toggleMenu')} onClick={() => setDrawerOpen(true)} />
            )}
            <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Typography.Title>
            {screens.md && <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>}
          </Flex>
          <Flex align="center" gap={8}>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Flex>
        </Flex>
      </Header>
      <Layout>
        {wide ? (
          <Sider width={200} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}>
            {menu}
          </Sider>
        ) : (
          <Drawer placement="left" size={220} open={drawerOpen} onClose={() => setDrawerOpen(false)} title={t('app.name')}>
            {menu}
          </Drawer>
        )}
        <Content style={{ padding: wide ? 24 : 8, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
