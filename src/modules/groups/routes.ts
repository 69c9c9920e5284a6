import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { addGroupMembers, removeGroupMembers } from './change-group-members.js';
import { createGroup } from './create-group.js';
import { deleteGroup } from './delete-group.js';
import { createGroupInput, groupMembersInput, updateGroupInput } from './group-input.js';
import { addMembersResult, groupView, removeMembersResult } from './group-view.js';
import { getGroup, listGroups } from './list-groups.js';
import { updateGroup } from './update-group.js';

export const groupRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/groups', {
    schema: { tags: ['groups'], summary: 'All customer groups with the number of members you can see', response: { 200: z.object({ items: z.array(groupView) }), ...commonErrors } },
  }, async (request) => ({ items: await listGroups(db, actorOf(request)) }));

  app.get('/groups/:id', {
    schema: { tags: ['groups'], summary: 'One group', params: idParams, response: { 200: groupView, ...commonErrors } },
  }, async (request) => getGroup(db, actorOf(request), request.params.id));

  app.post('/groups', {
    schema: { tags: ['groups'], summary: 'Create a group (managers and admins)', body: createGroupInput, response: { 201: groupView, ...commonErrors } },
  }, async (request, reply) => reply.code(201).send(await createGroup(db, actorOf(request), request.body)));

  app.patch('/groups/:id', {
    schema: { tags: ['groups'], summary: 'Rename or recolour a group (managers and admins)', params: idParams, body: updateGroupInput, response: { 200: groupView, ...commonErrors } },
  }, async (request) => updateGroup(db, actorOf(request), request.params.id, request.body));

  app.delete('/groups/:id', {
    schema: { tags: ['groups'], summary: 'Delete a group; its customers stay (managers and admins)', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteGroup(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/groups/:id/members', {
    schema: {
      tags: ['groups'],
      summary: 'Add customers you can see to a group',
      params: idParams,
      body: groupMembersInput,
      response: { 200: addMembersResult, ...commonErrors },
    },
  }, async (request) => addGroupMembers(db, actorOf(request), request.params.id, request.body));

  app.delete('/groups/:id/members', {
    schema: {
      tags: ['groups'],
      summary: 'Remove customers you can see from a group',
      params: idParams,
      body: groupMembersInput,
      response: { 200: removeMembersResult, ...commonErrors },
    },
  }, async (request) => removeGroupMembers(db, actorOf(request), request.params.id, request.body));
};
