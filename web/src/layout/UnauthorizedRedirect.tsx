import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { queryKeys } from '../queries/keys';

/**
 * When a session expires mid-work, any API call answers 401; send the user to the login
 * page through the router (no full reload) and remember where they were.
 */
export function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (location.pathname === '/login') return;
      queryClient.removeQueries({ queryKey: queryKeys.me });
      navigate('/login', { replace: true, state: { from: location.pathname + location.search } });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, location, queryClient]);

  return null;
}
