import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { createCustomField } from './create-custom-field.js';
import { createCustomFieldInput, updateCustomFieldInput } from './custom-field-input.js';
import { customFieldView, toCustomFieldView } from './custom-field-view.js';
import { deleteCustomField } from './delete-custom-field.js';
import { listCustomFieldDefs } from './list-custom-fields.js';
import { updateCustomField } from './update-custom-field.js';

export const customFieldRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/custom-fields', {
    schema: { tags: ['custom-fields'], summary: 'Custom field definitions, in form order', response: { 200: z.object({ items: z.array(customFieldView) }), ...commonErrors } },
  }, async () => ({ items: (await listCustomFieldDefs(db)).map(toCustomFieldView) }));

  app.post('/custom-fields', {
    schema: { tags: ['custom-fields'], summary: 'Define a custom field (managers and admins)', body: createCustomFieldInput, response: { 201: customFieldView, ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await createCustomField(db, actorOf(request), request.body)));

  app.patch('/custom-fields/:id', {
    schema: {
      tags: ['custom-fields'],
      summary: 'Change labels, options, required, maxLength or position; key and type are fixed (managers and admins)',
      params: idParams,
      body: updateCustomFieldInput,
      response: { 200: customFieldView, ...commonErrors },
    },
  }, async (request) => updateCustomField(db, actorOf(request), request.params.id, request.body));

  app.delete('/custom-fields/:id', {
    schema: {
      tags: ['custom-fields'],
      summary: "Delete a custom field and remove its values from every customer (managers and admins)",
      params: idParams,
      response: { 204: z.null(), ...commonErrors },
    },
  }, async (request, reply) => {
    await deleteCustomField(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
};
