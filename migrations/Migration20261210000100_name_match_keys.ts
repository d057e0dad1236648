import { Migration } from '@mikro-orm/migrations';
// The one exception to "no application code in a migration": the table must hold exactly the keys intake computes
// (same libraries, same per-character rule); a later change of that rule comes with a migration that refills it.
import { hanCharKeys } from '../src/modules/name-keys/name-keys';

// Kept in step with src/db/db-roles.ts and migration 000700.
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';

/**
 * Chinese-aware name matching (issue 16). name_char_keys: every Han
 * character's simplified form and toneless pinyin (OpenCC and pinyin-pro, as
 * intake computes them in its encoder threads). Registry members get the same
 * keys (name_fold, name_pinyin) from it: backfilled in one statement, then kept
 * by a trigger on every write path (pushes, demo and bench COPYs, fixtures) so
 * no writer can forget them. Sector records carry intake's keys; batch records
 * carry the PROBABLE score, its evidence and the repair behind a suggestion.
 */
export class Migration20261210000100NameMatchKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table name_char_keys (ch text primary key, fold text not null, pinyin text not null)`);
    this.fillCharKeys();
    this.rowLevelSecurity();
    this.addSql(`
      create function name_match_keys(p_name text, out fold text, out pinyin text)
      language sql stable parallel safe as $$
        select coalesce(string_agg(coalesce(k.fold, c.ch), '' order by c.i), ''), coalesce(string_agg(coalesce(k.pinyin, c.ch), ' ' order by c.i), '')
        from regexp_split_to_table(p_name, '') with ordinality c(ch, i) left join public.name_char_keys k on k.ch = c.ch
      $$`);
    this.addSql(`alter table members add column name_fold text, add column name_pinyin text`);
    // Set-based backfill: every member's characters against the table at once, one pass over members.
    this.addSql(`
      update members m set name_fold = k.fold, name_pinyin = k.pinyin
      from (select x.id, string_agg(coalesce(c.fold, x.ch), '' order by x.i) as fold, string_agg(coalesce(c.pinyin, x.ch), ' ' order by x.i) as pinyin
            from (select m2.id, s.ch, s.i from members m2 cross join lateral regexp_split_to_table(m2.name_norm, '') with ordinality s(ch, i)) x
            left join name_char_keys c on c.ch = x.ch group by x.id) k
      where k.id = m.id`);
    this.addSql(`update members set name_fold = '', name_pinyin = '' where name_fold is null`);
    this.addSql(`
      create function members_name_keys() returns trigger language plpgsql as $$
      begin
        select k.fold, k.pinyin into new.name_fold, new.name_pinyin from public.name_match_keys(new.name_norm) k;
        return new;
      end $$`);
    this.addSql(`create trigger members_name_keys before insert or update of name_norm on members for each row execute function members_name_keys()`);
    // The PROBABLE block (birth date, province) reads the keys and the sex from the index alone.
    this.addSql(`drop index if exists members_birth_date_idx`);
    this.addSql(
      `create index members_birth_date_idx on members (birth_date, province_code) include (household_id, name_norm, id, name_fold, name_pinyin, sex) where status = 'ACTIVE'`,
    );
    this.addSql(`alter table sector_records add column name_fold text, add column name_pinyin text`);
    this.addSql(`alter table batch_records add column match_score real, add column match_evidence jsonb, add column suggestion_repair text`);
  }

  /** One statement: the characters, their folds and their pinyin as three aligned arrays (Han characters and a-z only: no quoting needed). */
  private fillCharKeys(): void {
    const rows = hanCharKeys();
    const chars = rows.map((r) => r[0]).join('');
    const folds = rows.map((r) => r[1]).join('');
    const sounds = rows.map((r) => r[2]).join(' ');
    if (/['\\]/.test(chars + folds + sounds)) throw new Error('name_char_keys: unexpected quote in the generated keys');
    this.addSql(
      `insert into name_char_keys (ch, fold, pinyin)
       select * from unnest(regexp_split_to_array('${chars}', ''), regexp_split_to_array('${folds}', ''), string_to_array('${sounds}', ' '))`,
    );
  }

  /** A reference table, no tenant: every hub role reads it (the members trigger runs as the writer), only the owner writes it. */
  private rowLevelSecurity(): void {
    const t = 'name_char_keys';
    this.addSql(`alter table ${t} enable row level security`);
    this.addSql(`alter table ${t} force row level security`);
    this.addSql(`create policy ${t}_read on ${t} for select to ${API_ROLE}, ${WORKER_ROLE} using (true)`);
    this.addSql(`do $$ begin execute format('create policy ${t}_owner on ${t} to %I using (true) with check (true)', current_user); end $$`);
    this.addSql(`grant select on ${t} to ${API_ROLE}, ${WORKER_ROLE}`);
    this.addSql(`revoke insert, update, delete, truncate on ${t} from ${API_ROLE}, ${WORKER_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table batch_records drop column match_score, drop column match_evidence, drop column suggestion_repair`);
    this.addSql(`alter table sector_records drop column name_fold, drop column name_pinyin`);
    this.addSql(`drop trigger if exists members_name_keys on members`);
    this.addSql(`drop function if exists members_name_keys()`);
    this.addSql(`drop index if exists members_birth_date_idx`);
    this.addSql(`create index members_birth_date_idx on members (birth_date, province_code) include (household_id, name_norm, id) where status = 'ACTIVE'`);
    this.addSql(`alter table members drop column name_fold, drop column name_pinyin`);
    this.addSql(`drop function if exists name_match_keys(text)`);
    this.addSql(`drop table if exists name_char_keys`);
  }
}
