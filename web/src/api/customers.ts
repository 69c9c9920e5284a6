import { api } from './client';
import type { Customer, CustomerInput, CustomerListQuery, CustomerPage, CustomerPatch } from './types';

export function listCustomers(query: CustomerListQuery, signal?: AbortSignal): Promise<CustomerPage> {
  return api.get<CustomerPage>('/customers', { query: { ...query }, signal });
}

export function getCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
  return api.get<Customer>(`/customers/${encodeURIComponent(id)}`, { signal });
}

export function createCustomer(input: CustomerInput): Promise<Customer> {
  return api.post<Customer>('/customers', input);
}

export function updateCustomer(id: string, patch: CustomerPatch): Promise<Customer> {
  return api.patch<Customer>(`/customers/${encodeURIComponent(id)}`, patch);
}

export function deleteCustomer(id: string): Promise<void> {
  return api.delete(`/customers/${encodeURIComponent(id)}`);
}
