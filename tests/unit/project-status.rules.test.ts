import { ProjectStatus } from '../../src/modules/projects/project.enums';
import { PROJECT_TRANSITIONS, acceptsDisbursements, isApproved, isFinished, statusChange } from '../../src/modules/projects/project-status.rules';

const { PLANNED, APPROVED, IN_PROGRESS, COMPLETED, ACCEPTED, CANCELLED } = ProjectStatus;
const ALL = Object.values(ProjectStatus);

/** The whole graph, written out: where a push may take a project from each state (besides staying). */
const GRAPH: Record<ProjectStatus, ProjectStatus[]> = {
  PLANNED: [APPROVED, CANCELLED],
  APPROVED: [IN_PROGRESS, CANCELLED],
  IN_PROGRESS: [COMPLETED, CANCELLED],
  COMPLETED: [ACCEPTED, CANCELLED],
  ACCEPTED: [],
  CANCELLED: [],
};

describe('the project state machine', () => {
  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s to %s: allowed exactly where the graph says', (from, to) => {
    const allowed = from === to || GRAPH[from].includes(to);
    const verdict = statusChange(from, to);
    expect(verdict.ok).toBe(allowed);
    if (!verdict.ok) expect(verdict.message).toMatch(new RegExp(from));
  });

  it('has no other transition', () => {
    expect(PROJECT_TRANSITIONS).toEqual(GRAPH);
  });

  it('lets a project the library does not hold yet enter in any state', () => {
    for (const to of ALL) expect(statusChange(null, to)).toEqual({ ok: true });
  });

  it('says why: a step skipped, a step back, a final state', () => {
    expect(statusChange(PLANNED, COMPLETED)).toEqual({
      ok: false,
      message: 'A PLANNED project moves to APPROVED (or CANCELLED) first, not straight to COMPLETED',
    });
    expect(statusChange(COMPLETED, APPROVED)).toEqual({ ok: false, message: 'A project cannot go back from COMPLETED to APPROVED' });
    expect(statusChange(ACCEPTED, CANCELLED)).toEqual({ ok: false, message: 'The project is ACCEPTED, which is final' });
    expect(statusChange(CANCELLED, PLANNED)).toEqual({ ok: false, message: 'The project is CANCELLED, which is final' });
  });

  it('knows which states need an approval date and a completion date, and which pay out no more', () => {
    expect(ALL.filter(isApproved)).toEqual([APPROVED, IN_PROGRESS, COMPLETED, ACCEPTED]);
    expect(ALL.filter(isFinished)).toEqual([COMPLETED, ACCEPTED]);
    expect(ALL.filter((s) => !acceptsDisbursements(s))).toEqual([CANCELLED]);
  });
});
