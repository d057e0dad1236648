import type { MikroORM } from '@mikro-orm/postgresql';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

export interface FixtureMember {
  idNumber: string;
  name: string;
  relationship: string;
}

export interface FixtureHousehold {
  registryNo: string;
  villageCode: string;
  status: string;
  members: FixtureMember[];
}

/**
 * `count` households of a province, 3 members each (head, spouse, child), with
 * one IDENTIFIED event; registry numbers `<village><4-digit n>`.
 */
export function makeHouseholds(provinceCode: string, count: number, start = 1): FixtureHousehold[] {
  const county = `${provinceCode}0102`;
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const villageCode = `${county}001${String(1 + (n % 3)).padStart(3, '0')}`;
    const seq = (k: number) => (n * 3 + k) % 1000;
    return {
      registryNo: `${villageCode}${String(n).padStart(4, '0')}`,
      villageCode,
      status: n % 4 === 0 ? 'EXITED' : 'POOR',
      members: [
        { idNumber: buildIdNumber(county, '1970-03-0' + (1 + (n % 9)), seq(1)), name: `户主${n}`, relationship: 'HEAD' },
        { idNumber: buildIdNumber(county, '1972-05-1' + (n % 10), seq(2)), name: `配偶${n}`, relationship: 'SPOUSE' },
        { idNumber: buildIdNumber(county, '2005-08-2' + (n % 9), seq(3)), name: `子女${n}`, relationship: 'CHILD' },
      ],
    };
  });
}

/** Inserts fixtures set-based (three statements), as the province tenant. */
export async function insertHouseholds(orm: MikroORM, households: FixtureHousehold[]): Promise<void> {
  const conn = orm.em.getConnection();
  await conn.execute(
    `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, primary_cause)
     select r."registryNo", r."villageCode", left(r."villageCode", 6), left(r."villageCode", 2), r.status, 2014, 'ILLNESS'
     from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "villageCode" text, status text)`,
    [JSON.stringify(households)],
  );
  const members = households.flatMap((h) => h.members.map((m) => ({ ...m, registryNo: h.registryNo })));
  await conn.execute(
    // The birth date inside the ID number, as a push records it (suggestions compare it).
    `insert into members (household_id, province_code, id_number, name, name_norm, relationship, health, birth_date)
     select h.id, h.province_code, r."idNumber", r.name, r.name, r.relationship, 'HEALTHY',
            case when r."idNumber" ~ '^[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9])' then to_date(substr(r."idNumber", 7, 8), 'YYYYMMDD') end
     from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "idNumber" text, name text, relationship text)
     join households h on h.registry_no = r."registryNo"`,
    [JSON.stringify(members)],
  );
  await conn.execute(
    `insert into household_events (household_id, province_code, type, changes, tenant_code, version)
     select h.id, h.province_code, 'IDENTIFIED', jsonb_build_object('status', jsonb_build_object('old', null, 'new', h.status)),
            'P' || h.province_code, 1
     from households h where h.registry_no in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(households.map((h) => h.registryNo))],
  );
}
