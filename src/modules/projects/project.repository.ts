import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { ProjectEventType, ProjectStatus } from './project.enums';
import type { ProjectRecord } from './project.model';

/** A stored project as a push compares it. */
export interface CurrentProject extends ProjectRecord {
  id: number;
  version: number;
}

/** A project as the ledger and benefits see it: who it is and whether it still pays. */
export interface ProjectRef {
  id: number;
  projectNo: string;
  provinceCode: string;
  status: ProjectStatus;
}

/** One change in a project's history. */
export interface NewProjectEvent {
  projectId: number;
  provinceCode: string;
  type: ProjectEventType;
  changes: Record<string, unknown>;
  tenantCode: string;
  requestId: string | null;
  version: number;
}

const day = (column: string) => sql`to_char(${sql.ident(column)}, 'YYYY-MM-DD')`;

/** The columns of a project row from the table aliased `p` (the reads add their own). */
export const PROJECT_COLUMNS = sql`p.id, p.project_no as "projectNo", p.name, p.province_code as "provinceCode", p.county_code as "countyCode",
  p.village_codes as "villageCodes", p.type, p.implementing_unit as "implementingUnit", p.status,
  ${day('p.approved_on')} as "approvedOn", ${day('p.planned_start')} as "plannedStart", ${day('p.planned_end')} as "plannedEnd",
  ${day('p.completed_on')} as "completedOn", p.targets_households as "targetsHouseholds",
  ${day('p.announcement_published_on')} as "announcementPublishedOn", p.announcement_place as "announcementPlace", p.version,
  coalesce((select jsonb_agg(jsonb_build_object('source', b.source, 'amount', b.amount::text) order by b.source)
    from project_budget_lines b where b.project_id = p.id), '[]') as budget`;

/**
 * The set-based SQL of the project library: each method is one statement for
 * the whole call. The EntityManager is the transaction's; every statement is
 * limited to the caller's province (and row-level security checks it again).
 */
export class ProjectRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly provinceCode: string,
  ) {}

  /** Serialises the project pushes of one province (held to commit). */
  async lockProvince(): Promise<void> {
    await runSql(this.em, sql`select pg_advisory_xact_lock(hashtextextended('projects-province:' || ${this.provinceCode}::text, 0))`);
  }

  async loadProjects(projectNos: string[]): Promise<Map<string, CurrentProject>> {
    const rows = await runSql<CurrentProject>(
      this.em,
      sql`select ${PROJECT_COLUMNS} from projects p where p.province_code = ${this.provinceCode} and p.project_no = any(${projectNos}::text[])`,
    );
    // jsonb orders an object's keys its own way; the record's order makes equal budgets compare equal.
    return new Map(rows.map((r) => [r.projectNo, { ...r, budget: r.budget.map((b) => ({ source: b.source, amount: b.amount })) }]));
  }

  /**
   * The province's projects among `projectNos`, locked until commit in id order (so two writers never
   * deadlock): ledger and benefit writes see a status no push can change under them.
   */
  async lockProjects(projectNos: string[]): Promise<Map<string, ProjectRef>> {
    const rows = await runSql<ProjectRef>(
      this.em,
      sql`select p.id, p.project_no as "projectNo", p.province_code as "provinceCode", p.status from projects p
       where p.province_code = ${this.provinceCode} and p.project_no = any(${projectNos}::text[]) order by p.id for no key update`,
    );
    return new Map(rows.map((r) => [r.projectNo, r]));
  }

  /** Inserts new projects and replaces changed ones; returns id and new version by project number. */
  async upsertProjects(records: ProjectRecord[]): Promise<Map<string, { id: number; version: number }>> {
    if (!records.length) return new Map();
    const rows = await runSql<{ id: number; projectNo: string; version: number }>(
      this.em,
      sql`insert into projects as p (project_no, name, province_code, county_code, village_codes, type, implementing_unit, status,
         approved_on, planned_start, planned_end, completed_on, targets_households, announcement_published_on, announcement_place)
       select r."projectNo", r.name, r."provinceCode", r."countyCode", array(select jsonb_array_elements_text(r."villageCodes")), r.type,
         r."implementingUnit", r.status, r."approvedOn", r."plannedStart", r."plannedEnd", r."completedOn", r."targetsHouseholds",
         r."announcementPublishedOn", r."announcementPlace"
       from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r("projectNo" text, name text, "provinceCode" text, "countyCode" text,
         "villageCodes" jsonb, type text, "implementingUnit" text, status text, "approvedOn" date, "plannedStart" date, "plannedEnd" date,
         "completedOn" date, "targetsHouseholds" boolean, "announcementPublishedOn" date, "announcementPlace" text)
       where r."provinceCode" = ${this.provinceCode}
       on conflict (project_no) do update set name = excluded.name, village_codes = excluded.village_codes, type = excluded.type,
         implementing_unit = excluded.implementing_unit, status = excluded.status, approved_on = excluded.approved_on,
         planned_start = excluded.planned_start, planned_end = excluded.planned_end, completed_on = excluded.completed_on,
         targets_households = excluded.targets_households, announcement_published_on = excluded.announcement_published_on,
         announcement_place = excluded.announcement_place, version = p.version + 1, updated_at = now()
       where p.province_code = excluded.province_code
       returning p.id, p.project_no as "projectNo", p.version`,
    );
    return new Map(rows.map((r) => [r.projectNo, { id: r.id, version: r.version }]));
  }

  /** Replaces the budget lines of these projects with the given ones (two statements). */
  async replaceBudgets(projectIds: number[], lines: Array<{ projectId: number; source: string; amount: string }>): Promise<void> {
    if (!projectIds.length) return;
    await runSql(this.em, sql`delete from project_budget_lines where province_code = ${this.provinceCode} and project_id = any(${projectIds}::int[])`);
    if (!lines.length) return;
    await runSql(
      this.em,
      sql`insert into project_budget_lines (project_id, province_code, source, amount)
       select l."projectId", ${this.provinceCode}::text, l.source, l.amount
       from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l("projectId" int, source text, amount numeric)`,
    );
  }

  /** Appends events in one statement; the table refuses updates and deletes. */
  async appendEvents(events: NewProjectEvent[]): Promise<void> {
    if (!events.length) return;
    await runSql(
      this.em,
      sql`insert into project_events (project_id, province_code, type, changes, tenant_code, request_id, version)
       select e."projectId", e."provinceCode", e.type, e.changes, e."tenantCode", e."requestId", e.version
       from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e("projectId" int, "provinceCode" text, type text, changes jsonb,
         "tenantCode" text, "requestId" text, version int)`,
    );
  }
}
