import { api } from './client';
import type { CustomFieldDef, Items, Meta, TagCount, User } from './types';

// Reference data that many screens read: stages, intent levels, users, tags, field definitions.

export function fetchMeta(): Promise<Meta> {
  return api.get<Meta>('/meta');
}

export async function fetchUsers(): Promise<User[]> {
  return (await api.get<Items<User>>('/users')).items;
}

export async function fetchTags(): Promise<TagCount[]> {
  return (await api.get<Items<TagCount>>('/tags')).items;
}

export async function fetchCustomFields(): Promise<CustomFieldDef[]> {
  const items = (await api.get<Items<CustomFieldDef>>('/custom-fields')).items;
  return [...items].sort((a, b) => a.position - b.position);
}
