import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Dropdown, Grid, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { logout } from '../api/auth';
import { useI18n } from '../i18n/I18nProvider';
import { errorMessage } from '../lib/errors';
import { useCurrentUser } from '../queries/reference';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: user } = useCurrentUser();
  const [changingPassword, setChangingPassword] = useState(false);

  const signOut = useMutation({
    mutationFn: logout,
    onSuccess: () => {
      // Drop every cached customer so the next person on this device sees nothing of ours.
      queryClient.clear();
      navigate('/login', { replace: true });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  if (!user) return null;
  return (
    <>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'who',
              disabled: true,
              label: (
                <Typography.Text type="secondary">
                  {user.username} · {t(`role.${user.role}`)}
                </Typography.Text>
              ),
            },
            { type: 'divider' },
            { key: 'password', icon: <KeyOutlined />, label: t('password.title'), onClick: () => setChangingPassword(true) },
            { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => signOut.mutate() },
          ],
        }}
      >
        <Button type="text" loading={signOut.isPending} aria-label={user.displayName}>
          <Avatar size="small" icon={<UserOutlined />} />
          {screens.sm ? user.displayName : null}
        </Button>
      </Dropdown>
    </>
  );
}
