import { registerEnumType } from 'type-graphql';

export enum HouseholdStatus {
  POOR = 'POOR',
  EXITED = 'EXITED',
  RETURNED = 'RETURNED',
  REMOVED = 'REMOVED',
}

export enum PovertyCause {
  ILLNESS = 'ILLNESS',
  DISABILITY = 'DISABILITY',
  EDUCATION = 'EDUCATION',
  DISASTER = 'DISASTER',
  LACK_OF_LAND = 'LACK_OF_LAND',
  LACK_OF_WATER = 'LACK_OF_WATER',
  LACK_OF_SKILLS = 'LACK_OF_SKILLS',
  LACK_OF_LABOUR = 'LACK_OF_LABOUR',
  LACK_OF_FUNDS = 'LACK_OF_FUNDS',
  POOR_TRANSPORT = 'POOR_TRANSPORT',
  LACK_OF_DRIVE = 'LACK_OF_DRIVE',
  OTHER = 'OTHER',
}

export enum HouseholdEventType {
  IDENTIFIED = 'IDENTIFIED',
  UPDATED = 'UPDATED',
  EXITED = 'EXITED',
  RETURNED = 'RETURNED',
  REMOVED = 'REMOVED',
  MEMBER_ADDED = 'MEMBER_ADDED',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
}

registerEnumType(HouseholdStatus, { name: 'HouseholdStatus' });
registerEnumType(PovertyCause, { name: 'PovertyCause' });
registerEnumType(HouseholdEventType, { name: 'HouseholdEventType', description: 'What a household event records' });
