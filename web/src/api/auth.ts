import { api } from './client';
import type { User } from './types';

export async function login(username: string, password: string): Promise<User> {
  const res = await api.post<{ user: User }>('/auth/login', { username, password });
  return res.user;
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

export async function fetchMe(): Promise<User> {
  const res = await api.get<{ user: User }>('/auth/me');
  return res.user;
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>('/auth/password', { currentPassword, newPassword });
}
