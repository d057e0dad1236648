/** What a person may do within their tenant: read, work cases and data quality, or everything the tenant may. */
export enum StaffRole {
  VIEWER = 'VIEWER',
  CLERK = 'CLERK',
  ADMIN = 'ADMIN',
}

/** The person behind a console request, as the caller and the audit log carry them (no password, no hash). */
export interface StaffPerson {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
}
