import { isoDay } from '../projects/project.validator';
import { projectErrors } from '../projects/project.errors';
import { RecordOutcome } from '../projects/project.enums';
import { ProjectRepository } from '../projects/project.repository';
import { type ProjectWriter, checkSize, provinceWrite } from '../projects/project-write.frame';
import type { BenefitInput } from './benefit.inputs';
import { BenefitRepository } from './benefit.repository';
import { type BenefitDecision, type BenefitItem, decideBenefits, validateBenefit } from './benefit.rules';
import type { BenefitSummary } from './benefit.types';

/** Most benefits one call may carry. */
export const BENEFIT_CALL_MAX = 5000;
const OPERATION = 'recordBenefits';

/**
 * `recordBenefits`: validate in memory; then, in one transaction, lock the
 * project, share-lock the named households of the caller's registry, read the
 * project's stored benefits for them, decide, and upsert in one statement.
 */
export async function recordBenefits(w: ProjectWriter, key: string, projectNo: string, inputs: BenefitInput[]): Promise<BenefitSummary> {
  checkSize('benefits', inputs.length, BENEFIT_CALL_MAX);
  return provinceWrite(w, OPERATION, key, { projectNo, benefits: inputs }, async (s) => {
    if (!projectNo.startsWith(s.provinceCode)) throw projectErrors.PROJECT_OF_ANOTHER_PROVINCE(s.provinceCode);
    const project = (await new ProjectRepository(s.tem, s.provinceCode).lockProjects([projectNo])).get(projectNo);
    if (!project) throw projectErrors.PROJECT_NOT_FOUND(projectNo);
    const today = new Date().toISOString().slice(0, 10);
    const items = inputs.map((input, index) => {
      const item: BenefitItem = { index, registryNo: input.registryNo, type: input.type, amount: input.amount ?? null, date: isoDay(input.date)! };
      return { item, errors: validateBenefit(item, s.provinceCode, today) };
    });
    const repo = new BenefitRepository(s.tem, s.provinceCode);
    const households = await repo.lockHouseholds([...new Set(items.filter((i) => !i.errors.length).map((i) => i.item.registryNo))]);
    const stored = await repo.loadBenefits(project.id, [...new Set([...households.values()].map((h) => h.id))]);
    const decisions = decideBenefits(items, households, stored);
    await repo.upsert(
      project.id,
      decisions.flatMap((d) => (d.outcome === 'RECORDED' ? [d.row] : [])),
      { tenantCode: s.tenantCode, requestId: s.requestId },
    );
    const summary = summarise(decisions);
    const registryNos = [...new Set(decisions.filter((d) => d.outcome === 'RECORDED').map((d) => d.registryNo))];
    const { results: _r, ...counts } = summary;
    return { summary, registryNos, detail: { projectNo, ...counts } };
  });
}

function summarise(decisions: BenefitDecision[]): BenefitSummary {
  const results = decisions.map((d) => ({
    index: d.index,
    registryNo: d.registryNo,
    outcome: RecordOutcome[d.outcome],
    errors: d.outcome === 'REJECTED' ? d.errors : [],
  }));
  const count = (o: RecordOutcome) => results.filter((r) => r.outcome === o).length;
  return { recorded: count(RecordOutcome.RECORDED), unchanged: count(RecordOutcome.UNCHANGED), rejected: count(RecordOutcome.REJECTED), results };
}
