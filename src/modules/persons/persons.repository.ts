import type { EntityManager } from '@mikro-orm/postgresql';
import type { HouseholdStatus } from '../households/household.enums';
import { runSql, sql } from '../../db/sql';

/** The registry facts of one active member found by ID number. */
export interface ActiveMemberFact {
  idNumber: string;
  householdStatus: HouseholdStatus;
  provinceCode: string;
  registryNo: string;
}

/**
 * Registry-wide lookup by ID number. This is the one read that crosses provinces
 * on purpose (the contract lets every tenant check eligibility); the fields the
 * caller may see are cut by the lookup policy before anything leaves the service.
 */
export class PersonsRepository {
  constructor(private readonly em: EntityManager) {}

  /** One statement for the whole list, whatever its length. */
  async findActiveByIdNumbers(idNumbers: string[]): Promise<Map<string, ActiveMemberFact>> {
    if (idNumbers.length === 0) return new Map();
    // Row-level security keeps other provinces' rows from the API's role; this read crosses them
    // through the owner's function, which returns these four facts and nothing else (migration 000700).
    const rows = await runSql<ActiveMemberFact>(
      this.em,
      sql`select id_number as "idNumber", household_status as "householdStatus", province_code as "provinceCode", registry_no as "registryNo"
       from registry_active_persons(${JSON.stringify(idNumbers)}::jsonb)`,
    );
    return new Map(rows.map((r) => [r.idNumber, r]));
  }
}
