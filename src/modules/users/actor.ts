/** Who is acting: the signed-in user as every use case sees them. */
export type Role = 'admin' | 'manager' | 'staff';
export type Actor = { userId: string; role: Role; regions: string[]; displayName?: string };

/** The system itself (migrations, demo loading, jobs) when no person is acting. */
export const systemActor: Actor = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', regions: [] };

export function isManager(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}
