import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams, splitList } from '../../server/common-schemas.js';
import { createCustomer } from './create-customer.js';
import { createCustomerInput, updateCustomerInput } from './customer-input.js';
import { customerSummaryView, customerView } from './customer-view.js';
import { deleteCustomer } from './delete-customer.js';
import { getCustomer } from './get-customer.js';
import { listCustomers, sortOptions, type ListCustomersFilter } from './list-customers.js';
import { listRegions, listTags } from './list-tags-and-regions.js';
import { updateCustomer } from './update-customer.js';

const listQuery = z.strictObject({
  q: z.string().max(100).optional().describe('Name (substring, full pinyin or initials), company, phone fragment or e-mail'),
  stage: z.string().max(200).optional().describe('Comma-separated lifecycle stages'),
  group: z.string().max(4000).optional().describe('Comma-separated group ids (any of)'),
  tag: z.string().max(2000).optional().describe('Comma-separated tags (any of)'),
  owner: z.string().max(4000).optional().describe('Comma-separated user ids; "me" for yourself, "none" for unassigned'),
  region: z.string().max(2000).optional().describe('Comma-separated regions'),
  email: z.string().max(254).optional(),
  phone: z.string().max(40).optional(),
  cf: z.string().max(2000).optional().describe('Custom-field filters as JSON, e.g. {"industry":"餐饮"}'),
  valueTier: z.string().max(40).optional().describe('Comma-separated value tiers from the latest analysis: top, middle, bottom'),
  rfmSegment: z.string().max(400).optional().describe('Comma-separated RFM segment codes, e.g. important_value,lost'),
  riskLevel: z.string().max(40).optional().describe('Comma-separated churn risk levels: high, medium, low'),
  sort: z.enum(sortOptions).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});

function parseCustomFieldFilter(text: string | undefined): ListCustomersFilter['customFields'] {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ListCustomersFilter['customFields'];
  } catch {
    // Not JSON: let the use case's schema name the field.
    return text as unknown as ListCustomersFilter['customFields'];
  }
}

export const customerRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/customers', {
    schema: {
      tags: ['customers'],
      summary: 'Search and filter customers (cursor-paginated)',
      querystring: listQuery,
      response: {
        200: z.object({ items: z.array(customerSummaryView), nextCursor: z.string().nullable(), total: z.number().int(), totalIsEstimate: z.boolean() }),
        ...commonErrors,
      },
    },
  }, async (request) => {
    const query = request.query;
    return listCustomers(db, actorOf(request), {
      q: query.q,
      stages: splitList(query.stage) as ListCustomersFilter['stages'],
      groupIds: splitList(query.group),
      tags: splitList(query.tag),
      ownerIds: splitList(query.owner) as ListCustomersFilter['ownerIds'],
      regions: splitList(query.region),
      email: query.email,
      phone: query.phone,
      customFields: parseCustomFieldFilter(query.cf),
      valueTiers: splitList(query.valueTier) as ListCustomersFilter['valueTiers'],
      rfmSegments: splitList(query.rfmSegment),
      riskLevels: splitList(query.riskLevel) as ListCustomersFilter['riskLevels'],
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
  });

  app.post('/customers', {
    schema: { tags: ['customers'], summary: 'Create a customer', body: createCustomerInput, response: { 201: customerView, ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await createCustomer(db, actorOf(request), request.body)));

  app.get('/customers/:id', {
    schema: { tags: ['customers'], summary: 'A customer file with groups, custom fields and stage history', params: idParams, response: { 200: customerView, ...commonErrors } },
  }, async (request) => getCustomer(db, actorOf(request), request.params.id));

  app.patch('/customers/:id', {
    schema: {
      tags: ['customers'],
      summary: 'Change some fields of a customer (null clears a field)',
      params: idParams,
      body: updateCustomerInput,
      response: { 200: customerView, ...commonErrors },
    },
  }, async (request) => updateCustomer(db, actorOf(request), request.params.id, request.body));

  app.delete('/customers/:id', {
    schema: { tags: ['customers'], summary: 'Delete a customer with their timeline and orders', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteCustomer(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/tags', {
    schema: { tags: ['customers'], summary: 'Tags in use, most used first', response: { 200: z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }) } },
  }, async (request) => ({ items: await listTags(db, actorOf(request)) }));

  app.get('/regions', {
    schema: { tags: ['customers'], summary: 'Regions in use, with customer counts', response: { 200: z.object({ items: z.array(z.object({ region: z.string(), count: z.number().int() })) }) } },
  }, async (request) => ({ items: await listRegions(db, actorOf(request)) }));
};
