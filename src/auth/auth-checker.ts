import type { GraphQLResolveInfo } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import { ContractErrorCode } from '../graphql/error-code';
import type { HubContext } from '../graphql/hub-context';
import { HubError } from '../graphql/hub-error';
import type { Sector } from '../modules/tenants/tenant.enums';
import type { Caller } from './caller';
import { Role, roleHolders, rolesOf } from './roles';

/**
 * The hub's one role check, run by type-graphql before every operation or
 * field marked `@Authorized(...roles)`: the caller must hold one of the roles
 * (an empty list: any authenticated caller). Otherwise FORBIDDEN, naming who
 * may call, with `extensions.reason`; the resolver never runs, so nothing of
 * the data is in the answer.
 */
export const hubAuthChecker: AuthCheckerFn<HubContext, Role> = ({ context, args, info }, required) => {
  const tenant = context.caller?.tenant;
  if (!tenant) throw new HubError(ContractErrorCode.UNAUTHENTICATED, 'No authenticated caller');
  if (!required.length) return true;
  const held = rolesOf(tenant, args);
  if (required.some((role) => held.has(role))) return true;
  throw roleRefusal(tenant, required, args, info);
};

/**
 * The FORBIDDEN of a role refusal. `reason` is `<ROLES>_ONLY` of the roles
 * that may call (e.g. `LGOP_ONLY`, `LGOP_OR_PROVINCE_ONLY`), or
 * `OTHER_SECTOR` when a ministry names a sector not its own.
 */
export function roleRefusal(
  tenant: Caller['tenant'],
  required: readonly Role[],
  args: Record<string, unknown>,
  info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>,
): HubError {
  const sector = typeof args.sector === 'string' ? (args.sector as Sector) : null;
  const who = required.map((role) => roleHolders(role, sector)).join(' and ');
  const root = ['Query', 'Mutation', 'Subscription'].includes(info.parentType.name);
  const operation = root ? `call ${info.fieldName}` : `read ${info.parentType.name}.${info.fieldName}`;
  const otherSector = required.includes(Role.SECTOR_MINISTRY) && rolesOf(tenant).has(Role.MINISTRY);
  if (otherSector) {
    return new HubError(ContractErrorCode.FORBIDDEN, `Only ${who} may ${operation}; ${tenant.code} is the ministry of the ${tenant.sector} sector`, {
      reason: 'OTHER_SECTOR',
    });
  }
  return new HubError(ContractErrorCode.FORBIDDEN, `Only ${who} may ${operation}; ${tenant.code} may not`, { reason: `${required.join('_OR_')}_ONLY` });
}
