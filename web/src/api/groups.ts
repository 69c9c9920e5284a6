import { api } from './client';
import type { Group, GroupInput, Items } from './types';

export async function fetchGroups(): Promise<Group[]> {
  return (await api.get<Items<Group>>('/groups')).items;
}

export function createGroup(input: GroupInput): Promise<Group> {
  return api.post<Group>('/groups', input);
}

export function updateGroup(id: string, patch: Partial<GroupInput>): Promise<Group> {
  return api.patch<Group>(`/groups/${encodeURIComponent(id)}`, patch);
}

export function deleteGroup(id: string): Promise<void> {
  return api.delete(`/groups/${encodeURIComponent(id)}`);
}
