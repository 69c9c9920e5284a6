import type { UserView } from './user-input.js';
import type { users } from './schema.js';

export function toUserView(row: typeof users.$inferSelect): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    regions: row.regions,
    team: row.team,
    locale: row.locale,
    disabled: row.disabled,
  };
}
