import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { AuditEntryConnection } from './audit-entry.type';
import { AuditLogFilter } from './audit.inputs';
import { AuditService } from './audit.service';

@Resolver()
export class AuditResolver {
  @Authorized(Role.LGOP)
  @Query(() => AuditEntryConnection, { description: 'LGOP: who read or changed which personal data, when, through which operation; newest first' })
  auditLog(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    return new AuditService(ctx.em, ctx.caller).list(filter, first, after);
  }

  @Authorized(Role.LGOP)
  @Query(() => AuditEntryConnection, { description: "LGOP: who was given a person's data (by ID number, in any input form) and when; newest first" })
  accessHistory(
    @Ctx() ctx: HubContext,
    @Arg('idNumber') idNumber: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    return new AuditService(ctx.em, ctx.caller).accessHistory(idNumber, first, after);
  }
}
