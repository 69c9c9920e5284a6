import { z } from 'zod';
import { bilingual } from '../../shared/zod-issues.js';

const groupFields = {
  /** Unique regardless of letter case. */
  name: z.string().trim().min(1).max(50),
  color: z
    .string()
    .trim()
    .refine((value) => /^#[0-9a-fA-F]{6}$/.test(value), bilingual('应为 #rrggbb 格式的颜色，如 #1677ff', 'must be a colour like #1677ff'))
    .toLowerCase()
    .nullable()
    .optional(),
  description: z.string().trim().max(500).nullable().optional(),
};

export const createGroupInput = z.strictObject(groupFields);
export type CreateGroupInput = z.input<typeof createGroupInput>;

/** Fields left out stay as they are; null clears colour or description. */
export const updateGroupInput = z.strictObject({ ...groupFields, name: groupFields.name.optional() });
export type UpdateGroupInput = z.input<typeof updateGroupInput>;

export const groupMembersInput = z.strictObject({ customerIds: z.array(z.uuid()).min(1).max(1000) });
export type GroupMembersInput = z.input<typeof groupMembersInput>;
