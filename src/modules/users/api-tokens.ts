import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from './actor.js';
import { apiTokens, users } from './schema.js';
import { hashSecret, newSecret } from './sessions.js';

export const createTokenInput = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const apiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;

function toView(row: typeof apiTokens.$inferSelect): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Creates a bearer token; the secret is returned once and only its hash is kept. */
export async function createApiToken(db: Executor, actor: Actor, input: { name: string }): Promise<ApiTokenView & { token: string }> {
  const { name } = parseInput(createTokenInput, input);
  const token = newSecret('wxt');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ id: newId(), userId: actor.userId, name, tokenHash: hashSecret(token) }).returning();
    await writeAudit(tx, actor, { action: 'api_token.create', entity: 'api_token', entityId: row!.id, data: { name } });
    return { ...toView(row!), token };
  });
}

export async function listApiTokens(db: Executor, actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toView);
}

export async function revokeApiToken(db: Executor, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) throw new NotFoundError({ 'zh-CN': 'API 令牌', 'en-US': 'API token' }, id);
    await writeAudit(tx, actor, { action: 'api_token.revoke', entity: 'api_token', entityId: id });
  });
}

export async function resolveApiToken(db: Executor, token: string): Promise<Actor | undefined> {
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, role: users.role, regions: users.regions, displayName: users.displayName, disabled: users.disabled, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)));
  if (!row || row.disabled) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { userId: row.userId, role: row.role, regions: row.regions, displayName: row.displayName };
}
