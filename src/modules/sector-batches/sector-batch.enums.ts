import { registerEnumType } from 'type-graphql';

export enum BatchStatus {
  RECEIVING = 'RECEIVING',
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum MatchOutcome {
  MATCHED = 'MATCHED',
  PROBABLE = 'PROBABLE',
  UNMATCHED = 'UNMATCHED',
  INVALID = 'INVALID',
}

registerEnumType(BatchStatus, { name: 'BatchStatus' });
registerEnumType(MatchOutcome, { name: 'MatchOutcome' });
