import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { appendAudit } from '../audit/audit.repository';
import { linkCorrectedCases } from '../discrepancy-cases/case-opening.repository';
import { appendHouseholdEvents } from '../households/household-events.repository';
import { Household } from '../households/household.entity';
import { type HouseholdEventType } from '../households/household.enums';
import { normaliseIdNumber } from '../id-number/id-number';
import { Member } from '../members/member.entity';
import { MemberStatus } from '../members/member.enums';
import { pushErrors } from '../pushes/push.errors';
import { PushRepository } from '../pushes/push.repository';
import { requireProvince, retryOnUniqueViolation } from '../pushes/push.service';
import { emitHouseholdsChanged } from '../webhooks/webhook-events.repository';

/** What one lifecycle change did, for its event and audit row. */
export interface AppliedChange {
  type: HouseholdEventType;
  changes: Record<string, unknown>;
  idNumbers?: string[];
}

export type Apply = (tem: EntityManager, household: Household) => Promise<AppliedChange>;

/**
 * The frame of every lifecycle mutation: province lock, the household in the
 * caller's scope, the version check, then the change, a new version, one event
 * and one audit row, all in one transaction.
 */
export class LifecycleFrame {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly requestId: string,
  ) {}

  async onHousehold(operation: string, registryNo: string, expectedVersion: number | null | undefined, apply: Apply): Promise<Household> {
    const province = requireProvince(this.caller);
    return retryOnUniqueViolation(() =>
      this.em.transactional(async (tem) => {
        await new PushRepository(tem, province).lockProvince();
        const household = await tem.findOne(Household, { registryNo }, { refresh: true });
        if (!household) throw pushErrors.HOUSEHOLD_NOT_FOUND(registryNo);
        return this.commit(tem, operation, household, expectedVersion, apply);
      }),
    );
  }

  /** Finds the household through an active member's ID number. */
  async onMember(
    operation: string,
    idInput: string,
    expectedVersion: number | null | undefined,
    apply: (tem: EntityManager, h: Household, m: Member) => Promise<AppliedChange>,
  ): Promise<Household> {
    const province = requireProvince(this.caller);
    const id = normaliseIdNumber(idInput);
    if (!id.ok) throw pushErrors.INVALID_INPUT(id.reason, [{ path: 'idNumber', message: id.reason }]);
    return this.em.transactional(async (tem) => {
      await new PushRepository(tem, province).lockProvince();
      const member = await tem.findOne(Member, { idNumber: id.idNumber, status: MemberStatus.ACTIVE }, { populate: ['household'], refresh: true });
      if (!member) throw pushErrors.MEMBER_NOT_FOUND();
      return this.commit(tem, operation, member.household, expectedVersion, (t, h) => apply(t, h, member));
    });
  }

  private async commit(tem: EntityManager, operation: string, h: Household, expected: number | null | undefined, apply: Apply): Promise<Household> {
    if (expected != null && expected !== h.version) {
      throw pushErrors.VERSION_CONFLICT(h.version, expected);
    }
    const change = await apply(tem, h);
    h.version += 1;
    h.updatedAt = new Date();
    await tem.flush();
    const tenantCode = this.caller.tenant.code;
    await appendHouseholdEvents(tem, [
      {
        householdId: h.id,
        provinceCode: h.provinceCode,
        type: change.type,
        changes: change.changes,
        tenantCode,
        requestId: this.requestId,
        version: h.version,
      },
    ]);
    await linkCorrectedCases(tem, [h.id]);
    await emitHouseholdsChanged(tem, [h.id]);
    await appendAudit(tem, { tenantCode, operation, requestId: this.requestId, registryNos: [h.registryNo], idNumbers: change.idNumbers });
    return h;
  }
}
