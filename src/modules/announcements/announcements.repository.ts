import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { Announcement, AnnouncementCursor } from './announcements.rules';

/** A row of the page and its keyset position. */
export type AnnouncementRow = Announcement & { id: number };

/**
 * One page of announced projects, through `public_announcements` (migration 000500): a
 * SECURITY DEFINER function whose result columns are all the public list can ever read.
 * The API role holds no tenant here, so row-level security gives it no project row directly.
 */
export function announcementPage(
  em: EntityManager,
  page: { after: AnnouncementCursor | null; limit: number; provinceCode: string | null; countyCode: string | null },
): Promise<AnnouncementRow[]> {
  return runSql<AnnouncementRow>(
    em,
    sql`select a.id, a.project_no as "projectNo", a.province_code as "provinceCode", a.county_code as "countyCode", a.village_codes as "villageCodes",
        a.type, a.status, to_char(a.published_on, 'YYYY-MM-DD') as "publishedOn", a.place,
        to_char(a.planned_start, 'YYYY-MM-DD') as "plannedStart", to_char(a.planned_end, 'YYYY-MM-DD') as "plannedEnd",
        a.budget::numeric(22,2)::text as budget, a.allocated::numeric(22,2)::text as allocated, a.disbursed::numeric(22,2)::text as disbursed,
        a.households_benefited::int as "householdsBenefited"
      from public_announcements(${page.after?.day ?? null}::date, ${page.after?.id ?? null}::int, ${page.limit}::int, ${page.provinceCode}::text, ${page.countyCode}::text) a`,
  );
}
