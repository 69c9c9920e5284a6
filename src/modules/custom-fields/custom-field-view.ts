import { z } from 'zod';
import type { CustomFieldDef } from './list-custom-fields.js';
import { customFieldTypes } from './schema.js';

export const customFieldView = z.object({
  id: z.uuid(),
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()),
  required: z.boolean(),
  maxLength: z.number().int().nullable(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomFieldView = z.infer<typeof customFieldView>;

export function toCustomFieldView(def: CustomFieldDef): CustomFieldView {
  return {
    id: def.id,
    key: def.key,
    labelZh: def.labelZh,
    labelEn: def.labelEn,
    type: def.type,
    options: def.options,
    required: def.required,
    maxLength: def.maxLength,
    position: def.position,
    createdAt: def.createdAt.toISOString(),
    updatedAt: def.updatedAt.toISOString(),
  };
}
