import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { REDACTED_PARTS, type Redactable } from '../../graphql/redactable';
import type { SharingPolicy } from '../sharing-policies/sharing-policy.rules';
import { TenantKind } from '../tenants/tenant.enums';
import { type DiscrepancyDimension, DiscrepancyResolution, DiscrepancyStatus, type DismissalReason } from './discrepancy-case.enums';
import type { Discrepancy, DiscrepancySummaryRow } from './discrepancy-case.type';
import { caseErrors } from './discrepancy-cases.errors';
import { emitCaseResolved } from '../webhooks/webhook-events.repository';
import { appendAudit } from '../audit/audit.repository';
import type { DiscrepancyFilter } from './discrepancy-cases.inputs';
import {
  type CaseRow,
  type CaseScope,
  allCasesQuery,
  caseReadFacts,
  findCase,
  findCases,
  findCorrectingEvent,
  resolveCase,
  summarise,
} from './discrepancy-cases.repository';

/** What `resolveDiscrepancy` asks for. */
export interface ResolveRequest {
  id: string;
  resolution: DiscrepancyResolution;
  note?: string | null;
  dismissalReason?: DismissalReason | null;
}

const UNRESOLVED = new Set([DiscrepancyStatus.OPEN, DiscrepancyStatus.CONFIRMED]);

/** The case lifecycle: the owning province resolves, the raising ministry reads the outcome, LGOP reads all. */
export class DiscrepancyCasesService {
  /** `policy`: the caller's data-sharing agreement (a ministry's), read once per request. */
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly policy?: () => Promise<SharingPolicy>,
    private readonly requestId: string | null = null,
  ) {}

  async list(filter: DiscrepancyFilter | undefined, first?: number | null, after?: string | null) {
    const policy = await this.ministryPolicy();
    policy?.assertFilter('discrepancies', filter);
    const limit = pageSize(first);
    const rows = await findCases(this.em, this.scope(), filter, decodeCursor(after) ?? 0, limit + 1);
    return toPage(
      rows.map((r) => this.view(r, policy)),
      limit,
      (c) => c.id,
    );
  }

  /** An export of `list`: the same scope, policy check and filter without pages, each row viewed as `list` serves it. */
  async exportRows(filter: DiscrepancyFilter | undefined) {
    const policy = await this.ministryPolicy();
    policy?.assertFilter('discrepancies', filter);
    return {
      rows: allCasesQuery(this.scope(), filter),
      view: (row: CaseRow): Discrepancy => this.view(row, policy),
      facts: caseReadFacts(this.caller.tenant.kind !== TenantKind.MINISTRY),
    };
  }

  summary(groupBy: DiscrepancyDimension[]): Promise<DiscrepancySummaryRow[]> {
    return summarise(this.em, this.scope(), groupBy);
  }

  async resolve(req: ResolveRequest): Promise<Discrepancy> {
    const note = checkExplanation(req);
    const id = decodeCaseId(req.id);
    const current = await findCase(this.em, this.scope(), id);
    if (!current) throw caseErrors.CASE_NOT_FOUND();
    if (!UNRESOLVED.has(current.status) || current.status === (req.resolution as string)) {
      throw caseErrors.ALREADY_RESOLVED({ status: current.status, resolution: req.resolution });
    }
    const eventId = req.resolution === DiscrepancyResolution.CORRECTED ? await findCorrectingEvent(this.em, id) : null;
    if (req.resolution === DiscrepancyResolution.CORRECTED && !eventId) {
      throw caseErrors.NO_CORRECTING_EVENT();
    }
    const status = req.resolution as unknown as DiscrepancyStatus;
    const resolvedBy = this.caller.tenant.code;
    const done = await resolveCase(this.em, id, current.status, { status, resolvedBy, dismissalReason: req.dismissalReason ?? null, note, eventId });
    if (!done) throw caseErrors.ALREADY_RESOLVED();
    await emitCaseResolved(this.em, id);
    // A resolution is a decision about a person: audited like a write (the audit row names the tenant, and the person of a console session).
    const [registryNos, idNumbers] = [[current.registryNo].filter((n): n is string => !!n), [current.idNumber]];
    const detail = { caseId: req.id, resolution: req.resolution };
    await appendAudit(this.em, { tenantCode: resolvedBy, operation: 'resolveDiscrepancy', requestId: this.requestId, registryNos, idNumbers, detail });
    return this.view((await findCase(this.em, this.scope(), id))!, null);
  }

  /** A ministry reads cases under its policy; without a loader it gets none, so nothing is shown uncut. */
  private async ministryPolicy(): Promise<SharingPolicy | null> {
    if (this.caller.tenant.kind !== TenantKind.MINISTRY) return null;
    if (!this.policy) throw new Error('a ministry reads discrepancies only under its data-sharing policy');
    return this.policy();
  }

  private scope(): CaseScope {
    const { tenant } = this.caller;
    switch (tenant.kind) {
      case TenantKind.ADMIN:
        return { kind: 'ALL' };
      case TenantKind.PROVINCE:
        return { kind: 'PROVINCE', provinceCode: tenant.provinceCode! };
      case TenantKind.MINISTRY:
        return { kind: 'RAISED_BY', tenantCode: tenant.code };
    }
  }

  /**
   * The registry number, key to the household's file, stays with the province
   * and LGOP; a ministry sees the registry's side of the evidence as its
   * policy shows that member and household, the rest null and listed.
   */
  private view(row: CaseRow, policy: SharingPolicy | null): Discrepancy {
    const { householdId: _h, memberRelationship: relationship, memberBirthDate: birthDate, ...c } = row;
    if (this.caller.tenant.kind !== TenantKind.MINISTRY) return c;
    if (!policy) throw new Error('a ministry reads discrepancies only under its data-sharing policy');
    const { registry: raw, ...evidence } = c.evidence as { registry?: Record<string, unknown> };
    const { registry, cut } = policy.registryEvidence(raw ?? {}, { relationship, birthDate });
    const view: Discrepancy & Redactable = { ...c, registryNo: null, evidence: { ...evidence, registry } };
    if (cut.length) view[REDACTED_PARTS] = { evidence: cut.map((key) => `registry.${key}`) };
    return view;
  }
}

/** DISMISSED needs a reason from the list and a note; the others take no reason. Returns the trimmed note. */
function checkExplanation(req: ResolveRequest): string | null {
  const note = req.note?.trim() || null;
  if (note && note.length > 2000) throw caseErrors.REASON_REQUIRED('NOTE_TOO_LONG');
  if (req.resolution !== DiscrepancyResolution.DISMISSED) {
    if (req.dismissalReason) throw caseErrors.REASON_NOT_ALLOWED();
    return note;
  }
  if (!req.dismissalReason) throw caseErrors.REASON_REQUIRED('DISMISSAL_REASON');
  if (!note) throw caseErrors.REASON_REQUIRED('DISMISSAL_NOTE');
  return note;
}

function decodeCaseId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw caseErrors.CASE_NOT_FOUND();
  return Number(id);
}
