import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../api/auth';
import { fetchGroups } from '../api/groups';
import { fetchCustomFields, fetchMeta, fetchTags, fetchUsers } from '../api/reference';
import { queryKeys } from './keys';

// Reference data changes rarely; a few minutes of staleness saves a request per screen.
const REFERENCE_STALE_MS = 5 * 60_000;

export function useCurrentUser() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, retry: false, staleTime: Infinity });
}

export function useMeta() {
  return useQuery({ queryKey: queryKeys.meta, queryFn: fetchMeta, staleTime: REFERENCE_STALE_MS });
}

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: fetchUsers, staleTime: REFERENCE_STALE_MS });
}

export function useTags() {
  return useQuery({ queryKey: queryKeys.tags, queryFn: fetchTags, staleTime: 60_000 });
}

export function useCustomFieldDefs() {
  return useQuery({ queryKey: queryKeys.customFields, queryFn: fetchCustomFields, staleTime: REFERENCE_STALE_MS });
}

export function useGroups() {
  return useQuery({ queryKey: queryKeys.groups, queryFn: fetchGroups, staleTime: 60_000 });
}
