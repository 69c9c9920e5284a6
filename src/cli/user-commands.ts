import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { systemActor, type Role } from '../modules/users/actor.js';
import { createApiToken } from '../modules/users/api-tokens.js';
import { createUser } from '../modules/users/create-user.js';
import { listUsers } from '../modules/users/list-users.js';
import { setPassword } from '../modules/users/set-password.js';
import { users } from '../modules/users/schema.js';
import { fieldError } from '../shared/errors.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string };

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage users. 用户管理');

  withStoreOptions(
    user
      .command('add <username>')
      .description('Create a user; prints a generated password unless --password is given')
      .option('--password <password>', 'password (at least 8 characters)')
      .option('--display-name <name>', 'name shown in the app, e.g. 张经理')
      .option('--role <role>', 'admin | manager | staff', 'staff')
      .option('--regions <list>', 'comma-separated regions a staff member looks after')
      .option('--email <email>', 'e-mail address'),
  ).action(
    action(async (username: string, options: StoreFlags & { password?: string; displayName?: string; role: string; regions?: string; email?: string }) => {
      const password = options.password ?? randomBytes(9).toString('base64url');
      const created = await withStore(resolveStore(options), (database) =>
        createUser(database.db, systemActor, {
          username,
          password,
          displayName: options.displayName,
          role: options.role as Role,
          email: options.email,
          regions: options.regions?.split(',').map((item) => item.trim()).filter(Boolean) ?? [],
        }),
      );
      console.log(`Created ${created.role} "${created.username}" (${created.id})`);
      if (!options.password) console.log(`Password: ${password}`);
    }),
  );

  withStoreOptions(user.command('list').description('List users')).action(
    action(async (options: StoreFlags) => {
      const rows = await withStore(resolveStore(options), (database) => listUsers(database.db));
      for (const row of rows) console.log(`${row.username}\t${row.displayName}\t${row.role}\t${row.regions.join(',')}${row.disabled ? '\t(disabled)' : ''}`);
    }),
  );

  withStoreOptions(
    user
      .command('password <username>')
      .description('Set a new password (prints a generated one unless --password is given); ends their sessions')
      .option('--password <password>', 'the new password'),
  ).action(
    action(async (username: string, options: StoreFlags & { password?: string }) => {
      const password = options.password ?? randomBytes(9).toString('base64url');
      await withStore(resolveStore(options), (database) => setPassword(database.db, systemActor, username, password));
      console.log(`Password changed for "${username}"`);
      if (!options.password) console.log(`Password: ${password}`);
    }),
  );

  withStoreOptions(
    user.command('token <username> <name>').description('Create an API token for a user (Authorization: Bearer …); printed once'),
  ).action(
    action(async (username: string, name: string, options: StoreFlags) => {
      const token = await withStore(resolveStore(options), async (database) => {
        const [row] = await database.db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
        if (!row) throw fieldError('username', 'unknown_user', { 'zh-CN': `没有用户 ${username}`, 'en-US': `No user ${username}` });
        const actor = { userId: row.id, role: row.role, regions: row.regions };
        return createApiToken(database.db, actor, { name });
      });
      console.log(token.token);
    }),
  );
}
