import { api } from './client';
import type {
  Interaction,
  InteractionInput,
  Investment,
  InvestmentInput,
  InvestmentPage,
  Order,
  OrderInput,
  OrderPage,
  TimelinePage,
} from './types';

// Everything that hangs off one customer: timeline, orders and the company's investments.

const base = (customerId: string) => `/customers/${encodeURIComponent(customerId)}`;

export function fetchTimeline(customerId: string, cursor: string | null, signal?: AbortSignal): Promise<TimelinePage> {
  return api.get<TimelinePage>(`${base(customerId)}/timeline`, { query: { limit: 20, cursor }, signal });
}

export function addInteraction(customerId: string, input: InteractionInput): Promise<Interaction> {
  return api.post<Interaction>(`${base(customerId)}/interactions`, input);
}

export function fetchOrders(customerId: string, cursor: string | null, signal?: AbortSignal): Promise<OrderPage> {
  return api.get<OrderPage>(`${base(customerId)}/orders`, { query: { limit: 50, cursor }, signal });
}

export function addOrder(customerId: string, input: OrderInput): Promise<Order> {
  return api.post<Order>(`${base(customerId)}/orders`, input);
}

export function fetchInvestments(customerId: string, cursor: string | null, signal?: AbortSignal): Promise<InvestmentPage> {
  return api.get<InvestmentPage>(`${base(customerId)}/investments`, { query: { limit: 50, cursor }, signal });
}

export function addInvestment(customerId: string, input: InvestmentInput): Promise<Investment> {
  return api.post<Investment>(`${base(customerId)}/investments`, input);
}
