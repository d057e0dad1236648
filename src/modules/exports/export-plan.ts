import type { Sql } from '../../db/sql';
import type { ExportFacts } from '../audit/audit.repository';

/** How a column's values are written: as they are, a list (`;`-joined), a yes/no, an instant (ISO 8601, UTC). */
export type ColumnKind = 'text' | 'number' | 'list' | 'boolean' | 'instant' | 'json';

/** One column of an export file: the row's key (the GraphQL field name, which is also the header). */
export interface ExportColumn {
  key: string;
  kind?: ColumnKind;
}

/** A row as it leaves: the GraphQL twin's fields, each cut or masked as the twin would. */
export type ExportRow = Record<string, unknown>;

/**
 * One export: the rows of its GraphQL twin's read, without pages. `rows` is
 * the twin's statement with the twin's scope and filters, in the twin's order;
 * `view` (when the twin cuts rows in code: a sharing policy, masking) turns
 * each into the rows of the file; without it the file's CSV is PostgreSQL's own.
 */
export interface ExportPlan {
  /** The audit operation, and the file's name. */
  name: string;
  rows: Sql;
  columns: ExportColumn[];
  view?: (row: ExportRow) => ExportRow[];
  /** What the audit row lists, over the rows of `rows` (alias `q`). */
  facts: ExportFacts;
  /** The filters as given, kept in the audit row's detail. */
  filters: Record<string, unknown>;
}
