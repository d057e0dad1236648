import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type ReadAuditRow, exportAuditInsert, exportFactsQuery } from '../audit/audit.repository';
import type { ColumnKind, ExportPlan } from './export-plan';

/** Writes the export's one audit row over every row the file will carry (see exportAuditInsert). */
export async function appendExportAudit(em: EntityManager, row: ReadAuditRow, detail: Record<string, unknown>, plan: ExportPlan): Promise<void> {
  if (listsFacts(plan)) await runSql(em, exportAuditInsert(row, detail, plan.rows, plan.facts));
}

/** An export that lists no kind of fact (projects) hands out nobody: no statement over its rows. */
const listsFacts = (plan: ExportPlan) => plan.facts.registryNo !== null || plan.facts.idNumber !== null;

/** What the export will hand out, read where its rows are read (a standby, whose audit row the primary writes). */
export async function exportFacts(em: EntityManager, plan: ExportPlan): Promise<{ registryNos: string[]; idNumbers: string[] }> {
  if (!listsFacts(plan)) return { registryNos: [], idNumbers: [] };
  const [row] = await runSql<{ nos: string[]; ids: string[] }>(em, exportFactsQuery(plan.rows, plan.facts));
  return { registryNos: row.nos, idNumbers: row.ids };
}

/** The plan's columns formatted by PostgreSQL, for a CSV that COPY writes itself (no view between). */
export function csvColumnsQuery(plan: ExportPlan): Sql {
  const cells = plan.columns.map((c) => sql`${sqlCell(sql`${sql.ident(`q.${c.key}`)}`, c.kind)} as ${sql.ident(c.key)}`);
  return sql`select ${sql.join(cells)} from (${plan.rows}) q`;
}

function sqlCell(column: Sql, kind: ColumnKind | undefined): Sql {
  switch (kind) {
    case 'list':
      return sql`array_to_string(${column}, ';')`;
    case 'boolean':
      return sql`case when ${column} then 'true' when not ${column} then 'false' end`;
    case 'instant':
      return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'json':
      return sql`(${column})::text`;
    default:
      return column;
  }
}
