import { ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { SectorBatch } from './sector-batch.entity';

@ObjectType({ description: 'A page of batches, newest first' })
export class SectorBatchConnection extends Connection(SectorBatch, 'SectorBatch') {}
