import type { Caller } from '../../auth/caller';
import { TenantKind } from '../tenants/tenant.enums';

/** A ministry reads the registry only through its matches, and only under its policy. */
export function isPolicyBound(caller: Caller): boolean {
  return caller.tenant.kind === TenantKind.MINISTRY;
}
