import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { ForbiddenError } from '../../shared/errors.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import { isManager } from '../users/actor.js';
import { cancelMessage, cancelMessages } from './cancel-message.js';
import { channelKinds } from './channel.js';
import { configurableChannels, describeChannelSettings, readChannelSettings } from './channel-settings.js';
import { createTemplate } from './create-template.js';
import { batchView, getBatch, listBatches, listBatchMessages, messagePageInput, messageView } from './list-batches.js';
import { listCustomerMessages } from './list-customer-messages.js';
import { getTemplate, listTemplates } from './list-templates.js';
import { listNotifications, markNotificationsRead, notificationView, unreadCount } from './notifications.js';
import { sendInput } from './plan-send.js';
import { previewSend, sendPreviewView } from './preview-send.js';
import { listOptOuts, recordOptOut, removeOptOut } from './record-opt-out.js';
import { sendPolicySettings, getSendPolicy } from './send-policy.js';
import { sendToCustomers } from './send-to-customers.js';
import { smsCallbackToken } from './sms-callback-routes.js';
import { createTemplateInput, templateChannels, templateView, updateTemplateInput } from './template-input.js';
import { deleteTemplate, updateTemplate } from './update-template.js';
import { updateChannelSettings } from './update-channel-settings.js';
import { updateSendPolicy } from './update-send-policy.js';

const channelSettingsView = z.object({ kind: z.enum(configurableChannels), configured: z.boolean(), settings: z.record(z.string(), z.unknown()), secretsSet: z.array(z.string()) });
const messagePage = z.object({ items: z.array(messageView), nextCursor: z.string().nullable() });
const optOutView = z.object({ channel: z.enum(channelKinds), source: z.string(), createdAt: z.string() });
const channelParams = z.strictObject({ id: z.uuid(), channel: z.enum(channelKinds) });

export const messagingRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['messaging'];

  app.get('/messaging/channels', {
    schema: { tags, summary: 'Channel settings: non-secret fields, and which secrets are set (managers)', response: { 200: z.array(channelSettingsView), ...commonErrors } },
  }, async (request) => {
    if (!isManager(actorOf(request))) throw new ForbiddenError();
    return Promise.all(configurableChannels.map(async (kind) => describeChannelSettings(kind, await readChannelSettings(db, kind))));
  });

  app.put('/messaging/channels/:kind', {
    schema: {
      tags,
      summary: 'Configure a channel (admins). Secrets left out keep their stored value; they are never returned',
      params: z.strictObject({ kind: z.enum(configurableChannels) }),
      body: z.record(z.string(), z.unknown()),
      response: { 200: channelSettingsView, ...commonErrors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw new ForbiddenError();
    return updateChannelSettings(db, actor, request.params.kind, request.body);
  });

  app.get('/messaging/sms/callbacks', {
    schema: {
      tags,
      summary: "The URLs (after this server's public address) to give the SMS provider for delivery reports and replies (admins)",
      response: { 200: z.object({ status: z.string(), reply: z.string() }), ...commonErrors },
    },
  }, async (request) => {
    if (actorOf(request).role !== 'admin') throw new ForbiddenError();
    const token = await smsCallbackToken(db);
    return { status: `/callbacks/sms/status?token=${token}`, reply: `/callbacks/sms/reply?token=${token}` };
  });

  app.get('/messaging/policy', {
    schema: { tags, summary: 'Quiet hours and the marketing frequency cap', response: { 200: sendPolicySettings, ...commonErrors } },
  }, async () => getSendPolicy(db));

  app.patch('/messaging/policy', {
    schema: { tags, summary: 'Change quiet hours or the frequency cap (admins)', body: sendPolicySettings.partial(), response: { 200: sendPolicySettings, ...commonErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw new ForbiddenError();
    return updateSendPolicy(db, actor, request.body);
  });

  app.get('/messaging/templates', {
    schema: { tags, summary: 'Message templates', querystring: z.strictObject({ channel: z.enum(templateChannels).optional() }), response: { 200: z.array(templateView), ...commonErrors } },
  }, async (request) => listTemplates(db, request.query));

  app.post('/messaging/templates', {
    schema: { tags, summary: 'Create a template; every {{field}} must exist (managers)', body: createTemplateInput, response: { 201: templateView, ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await createTemplate(db, actorOf(request), request.body)));

  app.get('/messaging/templates/:id', {
    schema: { tags, summary: 'One template', params: idParams, response: { 200: templateView, ...commonErrors } },
  }, async (request) => getTemplate(db, request.params.id));

  app.patch('/messaging/templates/:id', {
    schema: { tags, summary: 'Change a template (managers)', params: idParams, body: updateTemplateInput, response: { 200: templateView, ...commonErrors } },
  }, async (request) => updateTemplate(db, actorOf(request), request.params.id, request.body));

  app.delete('/messaging/templates/:id', {
    schema: { tags, summary: 'Delete a template (managers)', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteTemplate(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/messaging/sends/preview', {
    schema: { tags, summary: 'Preview a hand send: a rendered sample, how many get it, who is left out and why. Changes nothing', body: sendInput, response: { 200: sendPreviewView, ...commonErrors } },
  }, async (request) => previewSend(db, actorOf(request), request.body));

  app.post('/messaging/sends', {
    schema: { tags, summary: 'Send a template to customers (ids or a customer-list filter), now or at a time; returns the batch', body: sendInput, response: { 201: batchView, ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await sendToCustomers(db, actorOf(request), request.body)));

  app.get('/messaging/batches', {
    schema: { tags, summary: 'Recent send batches with their delivery counts (staff: their own)', response: { 200: z.array(batchView), ...commonErrors } },
  }, async (request) => listBatches(db, actorOf(request)));

  app.get('/messaging/batches/:id', {
    schema: { tags, summary: 'A batch and its messages per status', params: idParams, response: { 200: batchView, ...commonErrors } },
  }, async (request) => getBatch(db, actorOf(request), request.params.id));

  app.get('/messaging/batches/:id/messages', {
    schema: { tags, summary: "A batch's delivery log: each message, its status and the provider's reason", params: idParams, querystring: messagePageInput, response: { 200: messagePage, ...commonErrors } },
  }, async (request) => listBatchMessages(db, actorOf(request), request.params.id, request.query));

  app.post('/messaging/batches/:id/cancel', {
    schema: { tags, summary: 'Cancel the messages of a batch not yet sent', params: idParams, response: { 200: z.object({ cancelled: z.number().int() }), ...commonErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    await getBatch(db, actor, request.params.id);
    return { cancelled: await cancelMessages(db, actor, { batchId: request.params.id }) };
  });

  app.post('/messaging/messages/:id/cancel', {
    schema: { tags, summary: 'Cancel one message before it is sent (managers)', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (!isManager(actor)) throw new ForbiddenError();
    await cancelMessage(db, actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/customers/:id/messages', {
    schema: { tags, summary: 'Messages to a customer with their status, newest first', params: idParams, querystring: messagePageInput, response: { 200: messagePage, ...commonErrors } },
  }, async (request) => listCustomerMessages(db, actorOf(request), request.params.id, request.query));

  app.get('/customers/:id/opt-outs', {
    schema: { tags, summary: 'Channels the customer has opted out of', params: idParams, response: { 200: z.array(optOutView), ...commonErrors } },
  }, async (request) => {
    await requireVisibleCustomer(db, actorOf(request), request.params.id);
    return (await listOptOuts(db, request.params.id)).map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  });

  app.put('/customers/:id/opt-outs/:channel', {
    schema: { tags, summary: 'Record that the customer asked for no messages on a channel', params: channelParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await db.transaction(async (tx) => {
      await requireVisibleCustomer(tx, actor, request.params.id, { lock: true });
      await recordOptOut(tx, { customerId: request.params.id, channel: request.params.channel, source: 'staff' }, actor);
    });
    return reply.code(204).send(null);
  });

  app.delete('/customers/:id/opt-outs/:channel', {
    schema: { tags, summary: 'The customer asked to hear from us again on a channel', params: channelParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await db.transaction(async (tx) => {
      await requireVisibleCustomer(tx, actor, request.params.id, { lock: true });
      await removeOptOut(tx, actor, request.params.id, request.params.channel);
    });
    return reply.code(204).send(null);
  });

  app.get('/notifications', {
    schema: {
      tags,
      summary: "The signed-in user's notifications, newest first, and the unread count",
      querystring: z.strictObject({ unread: z.enum(['true', 'false']).optional(), before: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(notificationView), unread: z.number().int() }), ...commonErrors },
    },
  }, async (request) => listNotifications(db, actorOf(request), { unreadOnly: request.query.unread === 'true', before: request.query.before, limit: request.query.limit }));

  app.get('/notifications/unread-count', {
    schema: { tags, summary: 'Unread notifications (the bell badge)', response: { 200: z.object({ unread: z.number().int() }), ...commonErrors } },
  }, async (request) => ({ unread: await unreadCount(db, actorOf(request)) }));

  app.post('/notifications/:id/read', {
    schema: { tags, summary: 'Mark a notification read', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await markNotificationsRead(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/notifications/read-all', {
    schema: { tags, summary: 'Mark all notifications read', response: { 200: z.object({ marked: z.number().int() }), ...commonErrors } },
  }, async (request) => ({ marked: await markNotificationsRead(db, actorOf(request)) }));
};
