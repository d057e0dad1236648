import type { EntityManager } from '@mikro-orm/postgresql';
import { Sector, TenantKind } from './tenant.enums';
import { insertMissingTenants } from './tenants.repository';

interface TenantSeed {
  code: string;
  name: string;
  kind: TenantKind;
  provinceCode?: string;
  sector?: Sector;
}

/** The ten provinces of the exchange: GB/T 2260 code and name. */
export const SEED_PROVINCES: ReadonlyArray<{ code: string; name: string }> = [
  { code: '13', name: 'Hebei' },
  { code: '34', name: 'Anhui' },
  { code: '41', name: 'Henan' },
  { code: '43', name: 'Hunan' },
  { code: '45', name: 'Guangxi' },
  { code: '50', name: 'Chongqing' },
  { code: '51', name: 'Sichuan' },
  { code: '52', name: 'Guizhou' },
  { code: '53', name: 'Yunnan' },
  { code: '62', name: 'Gansu' },
];

/** The 18 tenants of domain.md. */
export const SEED_TENANTS: ReadonlyArray<TenantSeed> = [
  { code: 'LGOP', name: 'State Council Leading Group Office of Poverty Alleviation and Development', kind: TenantKind.ADMIN },
  { code: 'MOE', name: 'Ministry of Education', kind: TenantKind.MINISTRY, sector: Sector.EDUCATION },
  { code: 'MCA', name: 'Ministry of Civil Affairs', kind: TenantKind.MINISTRY, sector: Sector.MINIMUM_LIVING },
  { code: 'NHFPC', name: 'National Health and Family Planning Commission', kind: TenantKind.MINISTRY, sector: Sector.HEALTH },
  { code: 'MOHRSS', name: 'Ministry of Human Resources and Social Security', kind: TenantKind.MINISTRY, sector: Sector.EMPLOYMENT },
  { code: 'MOHURD', name: 'Ministry of Housing and Urban-Rural Development', kind: TenantKind.MINISTRY, sector: Sector.HOUSING },
  { code: 'MPS', name: 'Ministry of Public Security', kind: TenantKind.MINISTRY, sector: Sector.CIVIL_REGISTRATION },
  { code: 'CDPF', name: "China Disabled Persons' Federation", kind: TenantKind.MINISTRY, sector: Sector.DISABILITY },
  ...SEED_PROVINCES.map((p) => ({
    code: `P${p.code}`,
    name: `${p.name} Provincial Poverty Alleviation Office`,
    kind: TenantKind.PROVINCE,
    provinceCode: p.code,
  })),
];

/** Inserts the seed tenants that are missing; existing rows (maybe edited by operators) are kept. */
export async function seedTenants(em: EntityManager): Promise<number> {
  return insertMissingTenants(em, SEED_TENANTS);
}
