import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { pageQuery } from '../../shared/cursor.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { addInvestment } from './add-investment.js';
import { addOrder } from './add-order.js';
import { deleteInvestment } from './delete-investment.js';
import { deleteOrder } from './delete-order.js';
import { addInvestmentInput } from './investment-input.js';
import { investmentTotalsView, investmentView } from './investment-view.js';
import { listInvestments } from './list-investments.js';
import { listOrders } from './list-orders.js';
import { addOrderInput } from './order-input.js';
import { orderTotalsView, orderView } from './order-view.js';

const pageQuerystring = z.strictObject(pageQuery);
const orderParams = z.strictObject({ id: z.uuid(), orderId: z.uuid() });
const investmentParams = z.strictObject({ id: z.uuid(), investmentId: z.uuid() });

export const orderRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/customers/:id/orders', {
    schema: {
      tags: ['orders'],
      summary: "A customer's orders, newest first, with exact totals (cursor-paginated)",
      params: idParams,
      querystring: pageQuerystring,
      response: { 200: z.object({ items: z.array(orderView), nextCursor: z.string().nullable(), totals: orderTotalsView }), ...commonErrors },
    },
  }, async (request) => listOrders(db, actorOf(request), request.params.id, request.query));

  app.post('/customers/:id/orders', {
    schema: {
      tags: ['orders'],
      summary: 'Record an order or a refund (negative amount); also adds a purchase to the timeline',
      params: idParams,
      body: addOrderInput,
      response: { 201: orderView, ...commonErrors },
    },
  }, async (request, reply) => reply.code(201).send(await addOrder(db, actorOf(request), request.params.id, request.body)));

  app.delete('/customers/:id/orders/:orderId', {
    schema: { tags: ['orders'], summary: 'Delete an order and its timeline entry', params: orderParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteOrder(db, actorOf(request), request.params.id, request.params.orderId);
    return reply.code(204).send(null);
  });

  app.get('/customers/:id/investments', {
    schema: {
      tags: ['orders'],
      summary: 'What the company spent on a customer (企业投入), newest first, with totals',
      params: idParams,
      querystring: pageQuerystring,
      response: { 200: z.object({ items: z.array(investmentView), nextCursor: z.string().nullable(), totals: investmentTotalsView }), ...commonErrors },
    },
  }, async (request) => listInvestments(db, actorOf(request), request.params.id, request.query));

  app.post('/customers/:id/investments', {
    schema: {
      tags: ['orders'],
      summary: 'Record a gift, discount, service hours or other spending on a customer',
      params: idParams,
      body: addInvestmentInput,
      response: { 201: investmentView, ...commonErrors },
    },
  }, async (request, reply) => reply.code(201).send(await addInvestment(db, actorOf(request), request.params.id, request.body)));

  app.delete('/customers/:id/investments/:investmentId', {
    schema: { tags: ['orders'], summary: 'Delete an investment entered by mistake', params: investmentParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteInvestment(db, actorOf(request), request.params.id, request.params.investmentId);
    return reply.code(204).send(null);
  });
};
