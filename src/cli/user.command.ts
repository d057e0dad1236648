import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/config';
import { openOrm } from '../db/orm';
import { type RunningPostgres } from '../embedded/embedded-postgres.server';
import { embeddedPostgresForCli } from '../embedded/running-servers';
import { createLogger } from '../logging/logger';
import type { StaffRole } from '../modules/staff-accounts/staff-account.enums';
import { parseStaffRole } from '../modules/staff-accounts/staff-accounts.rules';
import { addStaffUser, listUsers } from '../modules/staff-accounts/staff-users.service';
import { UsageError } from './cli-run';

export const USER_USAGE = `usage: npm run user -- add --tenant <TENANT_CODE> --username <name> --role <viewer|clerk|admin> [--name <display name>] [--password <p>]
       (without --password the password is read from stdin: printf '%s\\n' "$PASSWORD" | npm run -s user -- add ...)
       npm run user -- list`;

/** What the command line asks for. */
export type UserCommand = { kind: 'list' } | { kind: 'add'; tenant: string; username: string; role: StaffRole; name?: string; password?: string };

export function parseUserArgs(argv: string[]): UserCommand {
  let parsed;
  try {
    const strings = {
      tenant: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    } as const;
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: strings });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USER_USAGE}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new UsageError(USER_USAGE);
  if (positionals[0] === 'list') return { kind: 'list' };
  if (positionals[0] !== 'add' || !values.tenant || !values.username || !values.role) throw new UsageError(USER_USAGE);
  const role = parseStaffRole(values.role);
  if (!role) throw new UsageError(`--role must be viewer, clerk or admin\n${USER_USAGE}`);
  return { kind: 'add', tenant: values.tenant, username: values.username, role, name: values.name, password: values.password };
}

/**
 * `npm run user`: adds a console account (Argon2id hash; the password from --password or stdin, never
 * echoed or logged) or lists the accounts (never their hashes). As the owner, on DATABASE_URL or the
 * embedded PostgreSQL; returns the exit code.
 */
export async function runUserCommand(cmd: UserCommand, config: AppConfig, readPassword: () => Promise<string>, print: (t: string) => void): Promise<number> {
  let pg: RunningPostgres | null = null;
  if (config.embedded) pg = await embeddedPostgresForCli({ dataDir: config.dataDir, port: config.embeddedPgPort, log: createLogger(config, 'user') });
  try {
    const orm = await openOrm({ ...config, databaseUrl: pg ? pg.url('hub') : config.databaseUrl });
    try {
      if (cmd.kind === 'list') {
        for (const u of await listUsers(orm.em.fork())) {
          const state = u.disabled ? 'disabled' : u.lockedUntil && u.lockedUntil > new Date() ? `locked until ${u.lockedUntil.toISOString()}` : 'active';
          print(`${u.tenantCode}\t${u.username}\t${u.role}\t${u.displayName}\t${state}\n`);
        }
        return 0;
      }
      const password = cmd.password ?? (await readPassword());
      const out = await addStaffUser(orm.em.fork(), { tenantCode: cmd.tenant, username: cmd.username, role: cmd.role, displayName: cmd.name, password });
      if (!out.ok) {
        for (const p of out.problems) print(`${p.path}: ${p.message}\n`);
        return 1;
      }
      print(`added ${cmd.username.toLowerCase()} (${cmd.role}) to ${cmd.tenant.toUpperCase()}\n`);
      return 0;
    } finally {
      await orm.close();
    }
  } finally {
    await pg?.stop();
  }
}
