import type { Decimal } from '../../graphql/decimal.scalar';
import type { FundTransactionKind } from '../fund-ledger/fund-ledger.enums';
import type { FundSource } from './project.enums';
import type { CurrentProject } from './project.repository';

/** A stored project as the reads get it, in the Project type's names (plus its id, for the relation fields). */
export type ProjectReadRow = CurrentProject & { createdAt: Date; updatedAt: Date };

/** The funds of one project and source, or of the whole project (source null); amounts as canonical text. */
export interface FundsRow {
  projectId: number;
  source: FundSource | null;
  budget: Decimal;
  allocated: Decimal;
  disbursed: Decimal;
  disbursementRate: number | null;
  idleAmount: Decimal;
  oldestIdleDays: number | null;
}

/** A ledger row of a project's transactions page. */
export interface TransactionRow {
  projectId: number;
  id: string;
  reference: string;
  kind: FundTransactionKind;
  source: FundSource;
  amount: Decimal;
  date: string;
  reverses: string | null;
  reversedBy: string | null;
  recordedAt: Date;
}
