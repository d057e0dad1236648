import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { newAccountProblems, parseStaffRole, sessionTokenOf, staffMutationRefusal } from '../../src/modules/staff-accounts/staff-accounts.rules';

describe('staff account rules', () => {
  it('lets an admin run any mutation, a clerk the case and quality ones, a viewer none', () => {
    expect(staffMutationRefusal(StaffRole.ADMIN, 'pushHouseholds')).toBeNull();
    expect(staffMutationRefusal(StaffRole.CLERK, 'resolveDiscrepancy')).toBeNull();
    expect(staffMutationRefusal(StaffRole.CLERK, 'runDataQualityCheck')).toBeNull();
    expect(staffMutationRefusal(StaffRole.CLERK, 'pushHouseholds')).toMatch(/admin/);
    expect(staffMutationRefusal(StaffRole.VIEWER, 'resolveDiscrepancy')).toMatch(/viewer/);
  });

  it('reads the session cookie out of a Cookie header', () => {
    expect(sessionTokenOf('a=1; hub_session=abc; b=2', 'hub_session')).toBe('abc');
    expect(sessionTokenOf('hub_sessionx=abc', 'hub_session')).toBeUndefined();
    expect(sessionTokenOf('hub_session=', 'hub_session')).toBeUndefined();
    expect(sessionTokenOf(undefined, 'hub_session')).toBeUndefined();
  });

  it('parses roles and checks new accounts', () => {
    expect(parseStaffRole('clerk')).toBe(StaffRole.CLERK);
    expect(parseStaffRole('boss')).toBeNull();
    expect(newAccountProblems('gz.clerk', 'long enough password')).toEqual([]);
    expect(newAccountProblems('GZ Clerk', 'short').map((p) => p.path)).toEqual(['username', 'password']);
  });
});
