import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { messagePageInput, pageMessages, type MessagePage } from './list-batches.js';
import { messages } from './schema.js';

/** Every message to a customer with its status, newest first (404 when the actor cannot see them). */
export async function listCustomerMessages(db: Executor, actor: Actor, customerId: string, input: z.input<typeof messagePageInput> = {}): Promise<MessagePage> {
  await requireVisibleCustomer(db, actor, customerId);
  return pageMessages(db, eq(messages.customerId, customerId), parseInput(messagePageInput, input));
}
