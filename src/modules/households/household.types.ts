import { ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { Household } from './household.entity';

@ObjectType({ description: 'A page of households, in registry order' })
export class HouseholdConnection extends Connection(Household, 'Household') {}
