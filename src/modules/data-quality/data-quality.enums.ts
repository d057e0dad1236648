import { registerEnumType } from 'type-graphql';

/** The four kinds of problems the seed names (domain.md, "Data quality"). */
export enum IssueKind {
  MISSING = 'MISSING',
  ABNORMAL = 'ABNORMAL',
  LOGICAL = 'LOGICAL',
  REPEATED = 'REPEATED',
  /** Fund supervision: the projects, their ledger and their beneficiaries (fund-supervision module). */
  FUNDS = 'FUNDS',
}

export enum IssueSeverity {
  /** The record is wrong and must be corrected. */
  ERROR = 'ERROR',
  /** The record is suspicious and must be checked. */
  WARNING = 'WARNING',
}

export enum IssueStatus {
  OPEN = 'OPEN',
  /** A later run no longer found it. */
  FIXED = 'FIXED',
}

export enum RunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  /** Finished, but some rules failed; their issues were left as they were. */
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
}

/** What a run checks: the registry's households, or the projects and funds. */
export enum RunChecks {
  REGISTRY = 'REGISTRY',
  FUNDS = 'FUNDS',
}

export enum RunMode {
  /** Every household of the scope. */
  FULL = 'FULL',
  /** Only households changed since the last completed run of the scope. */
  CHANGED = 'CHANGED',
}

registerEnumType(IssueKind, {
  name: 'DataQualityKind',
  description: 'Missing key indicator, abnormal value, false logical relationship, repeated ID number; FUNDS: fund supervision',
});
registerEnumType(RunChecks, { name: 'DataQualityRunChecks', description: 'REGISTRY: households and members; FUNDS: projects, ledger and benefits' });
registerEnumType(IssueSeverity, { name: 'DataQualitySeverity' });
registerEnumType(IssueStatus, { name: 'DataQualityIssueStatus' });
registerEnumType(RunStatus, { name: 'DataQualityRunStatus' });
registerEnumType(RunMode, { name: 'DataQualityRunMode' });
