import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLResolveInfo } from 'graphql';
import { getMetadataStorage, type ResolverData } from 'type-graphql';
import { hubAuthChecker } from '../../src/auth/auth-checker';
import type { Caller } from '../../src/auth/caller';
import { Role, hasRole, rolesOf } from '../../src/auth/roles';
import type { HubContext } from '../../src/graphql/hub-context';
import { HubError } from '../../src/graphql/hub-error';
import { buildHubSchema } from '../../src/graphql/schema';
import { Sector, TenantKind } from '../../src/modules/tenants/tenant.enums';

const LGOP: Caller['tenant'] = { code: 'LGOP', kind: TenantKind.ADMIN, provinceCode: null, sector: null };
const P52: Caller['tenant'] = { code: 'P52', kind: TenantKind.PROVINCE, provinceCode: '52', sector: null };
const MOE: Caller['tenant'] = { code: 'MOE', kind: TenantKind.MINISTRY, provinceCode: null, sector: Sector.EDUCATION };

function check(tenant: Caller['tenant'] | undefined, roles: Role[], args: Record<string, unknown> = {}, parentType = 'Query', fieldName = 'op') {
  const context = { caller: tenant ? { tenant } : undefined } as unknown as HubContext;
  const info = { parentType: { name: parentType }, fieldName } as unknown as GraphQLResolveInfo;
  return hubAuthChecker({ context, args, info, root: undefined } as ResolverData<HubContext>, roles);
}

function refusal(run: () => unknown): HubError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(HubError);
    return err as HubError;
  }
  throw new Error('expected a refusal');
}

describe('roles derived from the caller', () => {
  it('gives each tenant kind its role', () => {
    expect([...rolesOf(LGOP)]).toEqual([Role.LGOP]);
    expect([...rolesOf(P52)]).toEqual([Role.PROVINCE]);
    expect([...rolesOf(MOE)]).toEqual([Role.MINISTRY]);
  });

  it('makes a ministry SECTOR_MINISTRY only for a call that names its own sector', () => {
    expect(hasRole(MOE, Role.SECTOR_MINISTRY, { sector: 'EDUCATION' })).toBe(true);
    expect(hasRole(MOE, Role.SECTOR_MINISTRY, { sector: 'HEALTH' })).toBe(false);
    expect(hasRole(MOE, Role.SECTOR_MINISTRY, {})).toBe(false);
    expect(hasRole(LGOP, Role.SECTOR_MINISTRY, { sector: 'EDUCATION' })).toBe(false);
    expect(hasRole({ ...MOE, code: 'MX', sector: null }, Role.SECTOR_MINISTRY, { sector: null })).toBe(false);
  });
});

describe('the auth checker', () => {
  it('lets a caller holding any one of the roles through, and anyone through an empty list', () => {
    expect(check(LGOP, [Role.LGOP])).toBe(true);
    expect(check(P52, [Role.LGOP, Role.PROVINCE])).toBe(true);
    expect(check(MOE, [Role.SECTOR_MINISTRY], { sector: 'EDUCATION' })).toBe(true);
    expect(check(MOE, [])).toBe(true);
  });

  it('refuses with FORBIDDEN, the reason and a message naming who may call', () => {
    const e = refusal(() => check(P52, [Role.LGOP], {}, 'Query', 'tenants'));
    expect(e.extensions).toEqual({ code: 'FORBIDDEN', reason: 'LGOP_ONLY' });
    expect(e.message).toBe('Only LGOP may call tenants; P52 may not');
    const two = refusal(() => check(MOE, [Role.LGOP, Role.PROVINCE], {}, 'Query', 'registryStats'));
    expect(two.extensions).toEqual({ code: 'FORBIDDEN', reason: 'LGOP_OR_PROVINCE_ONLY' });
    expect(two.message).toBe('Only LGOP and the provincial offices may call registryStats; MOE may not');
    expect(refusal(() => check(LGOP, [Role.PROVINCE], {}, 'Mutation', 'pushHouseholds')).extensions?.reason).toBe('PROVINCE_ONLY');
  });

  it('tells a ministry naming another sector OTHER_SECTOR, anyone else SECTOR_MINISTRY_ONLY', () => {
    const other = refusal(() => check(MOE, [Role.SECTOR_MINISTRY], { sector: 'HEALTH' }, 'Mutation', 'submitSectorBatch'));
    expect(other.extensions).toEqual({ code: 'FORBIDDEN', reason: 'OTHER_SECTOR' });
    expect(other.message).toBe('Only the ministry of the HEALTH sector may call submitSectorBatch; MOE is the ministry of the EDUCATION sector');
    const province = refusal(() => check(P52, [Role.SECTOR_MINISTRY], { sector: 'HEALTH' }, 'Mutation', 'submitSectorBatch'));
    expect(province.extensions).toEqual({ code: 'FORBIDDEN', reason: 'SECTOR_MINISTRY_ONLY' });
  });

  it('names a field by its type', () => {
    expect(refusal(() => check(MOE, [Role.LGOP], {}, 'Household', 'benefits')).message).toBe('Only LGOP may read Household.benefits; MOE may not');
  });

  it('refuses a context without a caller as UNAUTHENTICATED', () => {
    expect(refusal(() => check(undefined, [])).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('who may call what', () => {
  /** Operations refused by role; every other one is open to any tenant, with tenancy deciding what it sees. */
  const EXPECTED: Record<string, Role[]> = {
    accessHistory: [Role.LGOP],
    addMember: [Role.PROVINCE],
    annualReport: [Role.LGOP, Role.PROVINCE],
    auditLog: [Role.LGOP],
    cancelBatch: [Role.LGOP],
    createSectorBatch: [Role.SECTOR_MINISTRY],
    fundStats: [Role.LGOP, Role.PROVINCE, Role.MINISTRY],
    matchedHouseholds: [Role.LGOP, Role.MINISTRY],
    pushHouseholds: [Role.PROVINCE],
    pushProjects: [Role.PROVINCE],
    reconciliationJobs: [Role.LGOP],
    recordBenefits: [Role.PROVINCE],
    recordExit: [Role.PROVINCE],
    recordFundTransactions: [Role.PROVINCE],
    recordReturn: [Role.PROVINCE],
    registryStats: [Role.LGOP, Role.PROVINCE],
    removeHousehold: [Role.PROVINCE],
    removeMember: [Role.PROVINCE],
    resolveDiscrepancy: [Role.PROVINCE],
    retryBatch: [Role.LGOP],
    runDataQualityCheck: [Role.LGOP, Role.PROVINCE],
    runFundSupervision: [Role.LGOP, Role.PROVINCE],
    sharingPolicies: [Role.LGOP],
    submitSectorBatch: [Role.SECTOR_MINISTRY],
    tenants: [Role.LGOP],
    validateSectorRecords: [Role.SECTOR_MINISTRY],
    createWebhook: [Role.LGOP, Role.PROVINCE, Role.MINISTRY],
    webhooks: [Role.LGOP, Role.PROVINCE, Role.MINISTRY],
    deleteWebhook: [Role.LGOP, Role.PROVINCE, Role.MINISTRY],
    webhookDeliveries: [Role.LGOP, Role.PROVINCE, Role.MINISTRY],
  };

  it('is declared with @Authorized on the operations', async () => {
    await buildHubSchema();
    const storage = getMetadataStorage();
    const declared = Object.fromEntries(
      [...storage.queries, ...storage.mutations].filter((op) => op.roles).map((op) => [op.schemaName, [...(op.roles as Role[])].sort()]),
    );
    expect(declared).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()])));
  });

  it('leaves the resolvers without role checks of their own', () => {
    const root = path.resolve(__dirname, '../../src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.resolver.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect({ file, mentions: /TenantKind|tenant\.kind|_ONLY\b/.test(text) }).toEqual({ file, mentions: false });
    }
  });
});
