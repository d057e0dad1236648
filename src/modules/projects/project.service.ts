import { pushSummary } from '../pushes/push-summary';
import { PushOutcome } from '../pushes/push.types';
import { ProjectEventType } from './project.enums';
import type { ProjectInput } from './project.inputs';
import { type ProjectDecision, type ProjectItem, planProjects } from './project.planner';
import { ProjectRepository } from './project.repository';
import type { ProjectPushSummary } from './project.types';
import { type ProjectWriter, type WriteScope, checkSize, provinceWrite } from './project-write.frame';
import { validateProject } from './project.validator';
import { emitProjectsChanged } from '../webhooks/webhook-events.repository';

/** Most projects one push may carry. */
export const PROJECT_PUSH_MAX = 500;
const OPERATION = 'pushProjects';

type WriteDecision = Extract<ProjectDecision, { outcome: PushOutcome.CREATED | PushOutcome.UPDATED }>;

/**
 * `pushProjects`: validate in memory, then, under the province's project lock,
 * plan against the library and write set-based (projects, budget lines, events),
 * whatever the number of projects.
 */
export async function pushProjects(w: ProjectWriter, key: string, inputs: ProjectInput[]): Promise<ProjectPushSummary> {
  checkSize('projects', inputs.length, PROJECT_PUSH_MAX);
  return provinceWrite(w, OPERATION, key, inputs, async (s) => {
    const today = new Date().toISOString().slice(0, 10);
    const items: ProjectItem[] = inputs.map((input, index) => ({
      index,
      projectNo: input.projectNo,
      expectedVersion: input.expectedVersion ?? null,
      validated: validateProject(input, `projects[${index}]`, { provinceCode: s.provinceCode, today }),
    }));
    const repo = new ProjectRepository(s.tem, s.provinceCode);
    await repo.lockProvince();
    const current = await repo.loadProjects(items.flatMap((i) => (i.validated.ok ? [i.projectNo] : [])));
    const decisions = planProjects(items, current);
    const versions = await writeProjects(repo, decisions, s);
    const summary = summarise(decisions, versions);
    const written = decisions.filter(isWrite).map((d) => d.projectNo);
    const { results: _r, ...counts } = summary;
    return { summary, detail: { ...counts, projectNos: written } };
  });
}

const isWrite = (d: ProjectDecision): d is WriteDecision => d.outcome === PushOutcome.CREATED || d.outcome === PushOutcome.UPDATED;

/** Four statements for the accepted projects: projects, old budget lines out, new ones in, events. */
async function writeProjects(repo: ProjectRepository, decisions: ProjectDecision[], s: WriteScope): Promise<Map<string, number>> {
  const writes = decisions.filter(isWrite);
  if (!writes.length) return new Map();
  const saved = await repo.upsertProjects(writes.map((d) => d.record));
  const budgetChanged = writes.filter((d) => 'budget' in d.changes);
  await repo.replaceBudgets(
    budgetChanged.map((d) => saved.get(d.projectNo)!.id),
    budgetChanged.flatMap((d) => d.record.budget.map((b) => ({ projectId: saved.get(d.projectNo)!.id, ...b }))),
  );
  await repo.appendEvents(
    writes.map((d) => ({
      projectId: saved.get(d.projectNo)!.id,
      provinceCode: s.provinceCode,
      type: d.outcome === PushOutcome.CREATED ? ProjectEventType.CREATED : ProjectEventType.UPDATED,
      changes: d.changes,
      tenantCode: s.tenantCode,
      requestId: s.requestId,
      version: saved.get(d.projectNo)!.version,
    })),
  );
  await emitProjectsChanged(
    s.tem,
    [...saved.values()].map((p) => p.id),
  );
  return new Map([...saved].map(([projectNo, p]) => [projectNo, p.version]));
}

function summarise(decisions: ProjectDecision[], versions: Map<string, number>): ProjectPushSummary {
  const results = decisions.map((d) => ({
    index: d.index,
    projectNo: d.projectNo,
    outcome: d.outcome,
    version: 'version' in d ? d.version : (versions.get(d.projectNo) ?? null),
    errors: d.outcome === PushOutcome.REJECTED ? d.errors : [],
  }));
  return pushSummary(results);
}
