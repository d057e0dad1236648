import { registerEnumType } from 'type-graphql';

export enum Relationship {
  HEAD = 'HEAD',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  GRANDCHILD = 'GRANDCHILD',
  GRANDPARENT = 'GRANDPARENT',
  SIBLING = 'SIBLING',
  OTHER = 'OTHER',
}

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum HealthStatus {
  HEALTHY = 'HEALTHY',
  CHRONIC_ILLNESS = 'CHRONIC_ILLNESS',
  SERIOUS_ILLNESS = 'SERIOUS_ILLNESS',
  DISABLED = 'DISABLED',
}

export enum LabourCapacity {
  NORMAL = 'NORMAL',
  WEAK = 'WEAK',
  NONE = 'NONE',
}

export enum EducationLevel {
  NONE = 'NONE',
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  JUNIOR_SECONDARY = 'JUNIOR_SECONDARY',
  SENIOR_SECONDARY = 'SENIOR_SECONDARY',
  TERTIARY = 'TERTIARY',
}

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  DECEASED = 'DECEASED',
  MOVED_OUT = 'MOVED_OUT',
  MARRIED_OUT = 'MARRIED_OUT',
  REMOVED = 'REMOVED',
}

export enum RemovalReason {
  DECEASED = 'DECEASED',
  MOVED_OUT = 'MOVED_OUT',
  MARRIED_OUT = 'MARRIED_OUT',
  OTHER = 'OTHER',
}

registerEnumType(Relationship, { name: 'Relationship' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(HealthStatus, { name: 'HealthStatus' });
registerEnumType(LabourCapacity, { name: 'LabourCapacity' });
registerEnumType(EducationLevel, { name: 'EducationLevel' });
registerEnumType(MemberStatus, { name: 'MemberStatus' });
registerEnumType(RemovalReason, { name: 'RemovalReason' });
