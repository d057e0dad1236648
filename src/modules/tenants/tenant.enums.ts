import { registerEnumType } from 'type-graphql';

export enum TenantKind {
  ADMIN = 'ADMIN',
  MINISTRY = 'MINISTRY',
  PROVINCE = 'PROVINCE',
}

/** The seven sectors of the contract; each ministry submits one. */
export enum Sector {
  EDUCATION = 'EDUCATION',
  MINIMUM_LIVING = 'MINIMUM_LIVING',
  HEALTH = 'HEALTH',
  EMPLOYMENT = 'EMPLOYMENT',
  HOUSING = 'HOUSING',
  CIVIL_REGISTRATION = 'CIVIL_REGISTRATION',
  DISABILITY = 'DISABILITY',
}

registerEnumType(TenantKind, { name: 'TenantKind', description: 'Role of a tenant in the exchange' });
registerEnumType(Sector, { name: 'Sector', description: 'Sector of a ministry’s data' });
