import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts (a migration must not import application code that may change later).
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';
// The tenant of the transaction as the API sets it (migration 000700); unset matches nothing.
const TENANT = `(select current_setting('hub.tenant', true))`;

/**
 * Staff accounts: people of a tenant who log in to the console as themselves.
 * - `staff_users` (Argon2id hashes) and `staff_sessions` (the SHA-256 of the cookie's random id), under
 *   row-level security: the API sees its own tenant's rows only, the worker none, and never a hash column.
 * - Login and session checks run before any tenant is known, through SECURITY DEFINER functions that take
 *   the name the caller already holds and return only what the check needs.
 * - The audit log names the person: two nullable columns filled from the request transaction's settings,
 *   part of each row's chained text only when set (older rows hash exactly as before).
 */
export class Migration20261217000100StaffAccounts extends Migration {
  override async up(): Promise<void> {
    this.tables();
    this.rowLevelSecurity();
    this.loginFunctions();
    this.sessionFunctions();
    this.auditPerson();
  }

  private tables(): void {
    this.addSql(`
      create table staff_users (
        id uuid primary key default gen_random_uuid(),
        tenant_code text not null references tenants (code),
        username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        display_name text not null check (length(display_name) between 1 and 100),
        role text not null check (role in ('VIEWER', 'CLERK', 'ADMIN')),
        password_hash text not null,
        failed_attempts integer not null default 0,
        locked_until timestamptz,
        disabled boolean not null default false,
        created_at timestamptz not null default now(),
        constraint staff_users_username_uq unique (tenant_code, username)
      )`);
    this.addSql(`
      create table staff_sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash bytea not null constraint staff_sessions_token_uq unique,
        user_id uuid not null references staff_users (id) on delete cascade,
        tenant_code text not null references tenants (code),
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now()
      )`);
    this.addSql(`create index staff_sessions_user_idx on staff_sessions (user_id)`);
  }

  private rowLevelSecurity(): void {
    for (const table of ['staff_users', 'staff_sessions']) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(`create policy ${table}_tenant on ${table} to ${API_ROLE} using (tenant_code = ${TENANT}) with check (tenant_code = ${TENANT})`);
      this.addSql(`do $$ begin execute format('create policy ${table}_owner on ${table} to %I using (true) with check (true)', current_user); end $$`);
      // The worker has no business with people's accounts.
      this.addSql(`revoke all on ${table} from ${WORKER_ROLE}`);
    }
    // The API reads its tenant's users without their hashes, and writes accounts only through the functions below.
    this.addSql(`revoke all on staff_users from ${API_ROLE}`);
    this.addSql(
      `grant select (id, tenant_code, username, display_name, role, failed_attempts, locked_until, disabled, created_at) on staff_users to ${API_ROLE}`,
    );
    this.addSql(`revoke all on staff_sessions from ${API_ROLE}`);
    this.addSql(`grant select (id, user_id, tenant_code, created_at, last_seen_at), delete on staff_sessions to ${API_ROLE}`);
  }

  private loginFunctions(): void {
    // The one account a login names, with what the password check needs; nothing when there is none.
    this.addSql(`
      create function staff_login_lookup(p_tenant text, p_username text)
      returns table (user_id uuid, password_hash text, locked_until timestamptz, disabled boolean)
      language sql stable security definer set search_path = public, pg_temp as $$
        select u.id, u.password_hash, u.locked_until, u.disabled from staff_users u where u.tenant_code = p_tenant and u.username = p_username
      $$`);
    // A failed password: the Nth in a row locks the account for p_lock_seconds and starts the count again.
    this.addSql(`
      create function staff_login_failed(p_user uuid, p_max integer, p_lock_seconds integer) returns timestamptz
      language sql volatile security definer set search_path = public, pg_temp as $$
        update staff_users u set
          failed_attempts = case when u.failed_attempts + 1 >= p_max then 0 else u.failed_attempts + 1 end,
          locked_until = case when u.failed_attempts + 1 >= p_max then now() + make_interval(secs => p_lock_seconds) else u.locked_until end
        where u.id = p_user
        returning u.locked_until
      $$`);
    for (const fn of ['staff_login_lookup(text, text)', 'staff_login_failed(uuid, integer, integer)']) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${API_ROLE}`);
    }
  }

  private sessionFunctions(): void {
    // A good password: the count starts again, the user's stale sessions go, and a session opens.
    this.addSql(`
      create function staff_session_open(p_user uuid, p_token_hash bytea, p_idle_seconds integer, p_absolute_seconds integer)
      returns table (session_id uuid, username text, display_name text, role text, tenant_code text, tenant_kind text)
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      begin
        update staff_users set failed_attempts = 0, locked_until = null where id = p_user;
        delete from staff_sessions s where s.user_id = p_user
          and (s.last_seen_at < now() - make_interval(secs => p_idle_seconds) or s.created_at < now() - make_interval(secs => p_absolute_seconds));
        return query
          with opened as (
            insert into staff_sessions (token_hash, user_id, tenant_code) select p_token_hash, u.id, u.tenant_code from staff_users u where u.id = p_user
            returning id, user_id)
          select o.id, u.username, u.display_name, u.role, t.code, t.kind
          from opened o join staff_users u on u.id = o.user_id join tenants t on t.code = u.tenant_code;
      end $$`);
    // The session a cookie holds: expired (idle or absolute) ones are removed and reported, live ones touched.
    this.addSql(`
      create function staff_session_resume(p_token_hash bytea, p_idle_seconds integer, p_absolute_seconds integer)
      returns table (session_id uuid, user_id uuid, username text, display_name text, role text, tenant_code text, expired boolean)
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare r record;
      begin
        select s.id, s.created_at, s.last_seen_at, u.id as uid, u.username, u.display_name, u.role, u.tenant_code, u.disabled into r
        from staff_sessions s join staff_users u on u.id = s.user_id where s.token_hash = p_token_hash;
        if not found then return; end if;
        if r.disabled then delete from staff_sessions where id = r.id; return; end if;
        if r.last_seen_at < now() - make_interval(secs => p_idle_seconds) or r.created_at < now() - make_interval(secs => p_absolute_seconds) then
          delete from staff_sessions where id = r.id;
          return query select r.id, r.uid, r.username, r.display_name, r.role, r.tenant_code, true;
          return;
        end if;
        -- Touched at most every few seconds: a page's burst of requests writes once.
        update staff_sessions set last_seen_at = now() where id = r.id and last_seen_at < now() - interval '5 seconds';
        return query select r.id, r.uid, r.username, r.display_name, r.role, r.tenant_code, false;
      end $$`);
    this.addSql(`
      create function staff_session_close(p_token_hash bytea) returns void
      language sql volatile security definer set search_path = public, pg_temp as $$
        delete from staff_sessions where token_hash = p_token_hash
      $$`);
    for (const fn of ['staff_session_open(uuid, bytea, integer, integer)', 'staff_session_resume(bytea, integer, integer)', 'staff_session_close(bytea)']) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${API_ROLE}`);
    }
  }

  private auditPerson(): void {
    // No default at first: no rewrite, and existing rows stay null (their chained text unchanged).
    this.addSql(`alter table audit_log add column staff_user_id uuid, add column staff_username text`);
    this.addSql(`alter table audit_log alter column staff_user_id set default nullif(current_setting('hub.staff_user', true), '')::uuid`);
    this.addSql(`alter table audit_log alter column staff_username set default nullif(current_setting('hub.staff_username', true), '')`);
    // concat_ws skips nulls: a row without a person hashes as before, a row with one covers the person too.
    this.addSql(`
      create or replace function audit_row_text(a audit_log) returns text language sql immutable as $$
        select concat_ws('|', a.id, a.tenant_code, a.operation, coalesce(a.request_id, ''),
          array_to_string(a.registry_nos, ','), array_to_string(a.id_numbers, ','), a.detail::text,
          to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.staff_user_id, a.staff_username)
      $$`);
    this.addSql(`create index audit_log_staff_user_idx on audit_log (staff_user_id) where staff_user_id is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      create or replace function audit_row_text(a audit_log) returns text language sql immutable as $$
        select concat_ws('|', a.id, a.tenant_code, a.operation, coalesce(a.request_id, ''),
          array_to_string(a.registry_nos, ','), array_to_string(a.id_numbers, ','), a.detail::text,
          to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
      $$`);
    this.addSql('drop index if exists audit_log_staff_user_idx');
    this.addSql('alter table audit_log drop column staff_username, drop column staff_user_id');
    this.addSql('drop function if exists staff_session_close(bytea)');
    this.addSql('drop function if exists staff_session_resume(bytea, integer, integer)');
    this.addSql('drop function if exists staff_session_open(uuid, bytea, integer, integer)');
    this.addSql('drop function if exists staff_login_failed(uuid, integer, integer)');
    this.addSql('drop function if exists staff_login_lookup(text, text)');
    this.addSql('drop table if exists staff_sessions');
    this.addSql('drop table if exists staff_users');
  }
}
