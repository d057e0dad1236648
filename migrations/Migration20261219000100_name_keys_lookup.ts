import { Migration } from '@mikro-orm/migrations';

const BY_JOIN = `
  select coalesce(string_agg(coalesce(k.fold, c.ch), '' order by c.i), ''), coalesce(string_agg(coalesce(k.pinyin, c.ch), ' ' order by c.i), '')
  from regexp_split_to_table(p_name, '') with ordinality c(ch, i) left join public.name_char_keys k on k.ch = c.ch`;

/**
 * A member's name keys, looked up character by character through the table's primary key. Joined instead, the
 * planner (which guesses a thousand characters for any name) hashed all 27,000 rows of name_char_keys for every
 * member the row trigger keyed: 9 ms a member, 42 s for a 1,500-household seed, hours for the 1M-member bench.
 * Bulk writers that send the keys skip the trigger's function altogether.
 */
export class Migration20261219000100NameKeysLookup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function name_match_keys(p_name text, out fold text, out pinyin text)
      language sql stable parallel safe as $$
        select coalesce(string_agg(coalesce((select k.fold from public.name_char_keys k where k.ch = c.ch), c.ch), '' order by c.i), ''),
               coalesce(string_agg(coalesce((select k.pinyin from public.name_char_keys k where k.ch = c.ch), c.ch), ' ' order by c.i), '')
        from regexp_split_to_table(p_name, '') with ordinality c(ch, i)
      $$`);
    this.addSql(`analyze name_char_keys`);
    // A bulk writer that computed the keys by the same rule (nameKeys, proven equal to the table by name-keys-database.test)
    // spares the row function; a writer that sends none still gets them, and a renamed member always has them recomputed
    // (a push's upsert that sets the same name again computes nothing).
    this.addSql(`drop trigger members_name_keys on members`);
    this.addSql(`create trigger members_name_keys before insert on members for each row
      when (new.name_fold is null or new.name_pinyin is null) execute function members_name_keys()`);
    this.addSql(`create trigger members_name_keys_renamed before update of name_norm on members for each row
      when (new.name_norm is distinct from old.name_norm) execute function members_name_keys()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger members_name_keys_renamed on members`);
    this.addSql(`drop trigger members_name_keys on members`);
    this.addSql(`create trigger members_name_keys before insert or update of name_norm on members for each row execute function members_name_keys()`);
    this.addSql(`create or replace function name_match_keys(p_name text, out fold text, out pinyin text) language sql stable parallel safe as $$${BY_JOIN}$$`);
  }
}
