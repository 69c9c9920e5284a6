import { z } from 'zod';

export const groupView = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string().nullable(),
  description: z.string().nullable(),
  customerCount: z.number().int().describe('Members the caller can see'),
  createdAt: z.string(),
});
export type GroupView = z.infer<typeof groupView>;

export const addMembersResult = z.object({
  added: z.number().int(),
  alreadyMembers: z.number().int(),
  notFound: z.number().int().describe('Ids of customers that do not exist or that the caller cannot see'),
});
export const removeMembersResult = z.object({
  removed: z.number().int(),
  notMembers: z.number().int(),
  notFound: z.number().int().describe('Ids of customers that do not exist or that the caller cannot see'),
});
export type AddMembersResult = z.infer<typeof addMembersResult>;
export type RemoveMembersResult = z.infer<typeof removeMembersResult>;
