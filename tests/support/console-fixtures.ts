import pino from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { seedDemo } from '../../src/demo/demo-seed.service';
import { createRun } from '../../src/modules/data-quality/data-quality.jobs';
import { RunMode } from '../../src/modules/data-quality/data-quality.enums';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../../src/modules/data-quality/data-quality.runner';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { submitAndRun } from './reconcile-fixtures';
import { createStaffUser } from './staff-session';
import type { TestHub } from './test-hub';

/** What the console's pages show beyond the demo registry: the cases and the batch the fixture made. */
export interface ConsoleData {
  /** The MCA batch that raised the cases. */
  batchId: string;
  /** P52 members whose MCA record carried another name: each an OPEN NAME_MISMATCH case of P52. */
  mismatched: Array<{ idNumber: string; registryNo: string; name: string }>;
  /** An MCA batch of four PROBABLE records: its id and their ID numbers as ordered by match score, highest first. */
  probable: { batchId: string; byScore: string[] };
}

type Member = { idNumber: string; registryNo: string; name: string };

/**
 * `npm start`'s demo data at a smaller size (the same generator and seed), a full data-quality check as the
 * worker runs it, and an MCA batch reconciled in this process: five P52 members under other names
 * (NAME_MISMATCH cases for Guizhou's clerk) and five more under their own names (plain matches); and a second
 * MCA batch whose four PROBABLE records score two levels apart.
 */
export async function prepareConsoleData(hub: TestHub, size = { households: 600, projects: 60 }): Promise<ConsoleData> {
  const silent = pino({ level: 'silent' });
  await seedDemo(hub.db.orm, size, silent);
  const runId = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.FULL);
  await new DataQualityRunner(hub.db.orm, silent, { rules: DATA_QUALITY_RULES }).run(runId);
  const members = await hub.db.orm.em.getConnection().execute<Member[]>(
    `select m.id_number as "idNumber", h.registry_no as "registryNo", m.name
       from members m join households h on h.id = m.household_id
      where h.province_code = '52' and m.status = 'ACTIVE' and h.status in ('POOR', 'RETURNED')
      order by m.id_number limit 14`,
  );
  if (members.length < 14) throw new Error(`the demo registry has ${members.length} active P52 members; 14 needed`);
  const mismatched = members.slice(0, 5);
  const records = members.slice(0, 10).map((m, i) => ({ idNumber: m.idNumber, name: i < 5 ? `${m.name}某` : m.name, attributes: { monthlyAmount: 300 } }));
  const batchId = await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', records, '2020');
  return { batchId, mismatched, probable: await probableBatch(hub, members.slice(10, 14)) };
}

/**
 * Four members sent under their own names with new ID numbers of their county and birth date, so each is PROBABLE:
 * the first two with the other sex's digit (a lower score) ahead of the two whose sex agrees, so that the score's
 * order is not the row order.
 */
async function probableBatch(hub: TestHub, members: Member[]): Promise<ConsoleData['probable']> {
  const ids = await Promise.all(members.map((m, i) => unusedIdOf(hub.db.orm, m.idNumber, i < 2)));
  const records = members.map((m, i) => ({ idNumber: ids[i], name: m.name, attributes: { monthlyAmount: 300 } }));
  const batchId = await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', records, '2021');
  return { batchId, byScore: [ids[2], ids[3], ids[0], ids[1]] };
}

/** An ID number no member has, of `idNumber`'s county and birth date, its sex digit flipped when `otherSex`. */
async function unusedIdOf(orm: MikroORM, idNumber: string, otherSex: boolean): Promise<string> {
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  const seq = Number(idNumber.slice(14, 17));
  for (let step = otherSex ? 1 : 2; step < 1000; step += 2) {
    const id = buildIdNumber(idNumber.slice(0, 6), birth, (seq + step) % 1000);
    const taken = await orm.em.getConnection().execute<unknown[]>('select 1 from members where id_number = ?', [id]);
    if (!taken.length) return id;
  }
  throw new Error(`no free ID number beside ${idNumber}`);
}

/** A staff account of the console. */
export interface StaffLogin {
  tenant: string;
  username: string;
  password: string;
  role: StaffRole;
}

/** Adds a staff user as the owner does (`npm run user -- add`'s service). */
export async function addStaffUser(hub: TestHub, who: StaffLogin): Promise<void> {
  await createStaffUser(hub.db.orm, who.tenant, who.username, who.role, who.password);
}
