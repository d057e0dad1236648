import type { EntityManager } from '@mikro-orm/postgresql';
import { StaffRole } from '../modules/staff-accounts/staff-account.enums';
import { addStaffUser } from '../modules/staff-accounts/staff-users.service';

/** The demo accounts' one password (printed by `npm start`'s banner; demo data only, never seeded in production). */
export const DEMO_STAFF_PASSWORD = 'demo-password-2026';

/** One console account per kind of person the console serves (console-interface.md). */
export const DEMO_STAFF = [
  { tenantCode: 'LGOP', username: 'lgop.admin', displayName: '国务院扶贫办管理员', role: StaffRole.ADMIN },
  { tenantCode: 'P52', username: 'gz.clerk', displayName: '贵州省扶贫办业务员', role: StaffRole.CLERK },
  { tenantCode: 'MOE', username: 'moe.analyst', displayName: '教育部分析员', role: StaffRole.VIEWER },
] as const;

/** Adds the demo accounts that are missing (a restart keeps them, and any password changed since); returns how many were added. */
export async function seedDemoStaff(em: EntityManager): Promise<number> {
  let added = 0;
  for (const u of DEMO_STAFF) {
    const out = await addStaffUser(em, { ...u, password: DEMO_STAFF_PASSWORD });
    if (out.ok) added++;
  }
  return added;
}
