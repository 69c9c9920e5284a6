import { z } from 'zod';

export const roleSchema = z.enum(['admin', 'manager', 'staff']);

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u);

export const passwordSchema = z.string().min(8).max(200);

/** A team name; empty text or null means no team. */
export const teamSchema = z.string().trim().max(64).nullable().transform((team) => (team ? team : null));

export const createUserInput = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(254).optional(),
  password: passwordSchema,
  role: roleSchema.default('staff'),
  regions: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
  team: teamSchema.optional(),
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
});
export type CreateUserInput = z.input<typeof createUserInput>;

/** What PATCH /users/:id may change (more fields can join later). */
export const updateUserInput = z.strictObject({ team: teamSchema.optional() });
export type UpdateUserInput = z.input<typeof updateUserInput>;

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  regions: z.array(z.string()),
  team: z.string().nullable(),
  locale: z.string(),
  disabled: z.boolean(),
});
export type UserView = z.infer<typeof userView>;
