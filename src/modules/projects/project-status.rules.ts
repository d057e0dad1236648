import { ProjectStatus } from './project.enums';

const { PLANNED, APPROVED, IN_PROGRESS, COMPLETED, ACCEPTED, CANCELLED } = ProjectStatus;

/**
 * The status graph of a project, the one place it is written: each state and
 * the states a push may move it to. A project moves one step along
 * PLANNED → APPROVED → IN_PROGRESS → COMPLETED → ACCEPTED, or is CANCELLED
 * from any state before ACCEPTED; ACCEPTED and CANCELLED are final.
 */
export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  [PLANNED]: [APPROVED, CANCELLED],
  [APPROVED]: [IN_PROGRESS, CANCELLED],
  [IN_PROGRESS]: [COMPLETED, CANCELLED],
  [COMPLETED]: [ACCEPTED, CANCELLED],
  [ACCEPTED]: [],
  [CANCELLED]: [],
};

/** The main line, in order; CANCELLED is off it. */
const LINE: readonly ProjectStatus[] = [PLANNED, APPROVED, IN_PROGRESS, COMPLETED, ACCEPTED];

/**
 * Whether a push may take a project from `from` to `to`; `from` is null for a
 * project the library does not hold yet, which may enter in any state (a
 * county's back catalogue arrives with its projects where they are).
 */
export function statusChange(from: ProjectStatus | null, to: ProjectStatus): { ok: true } | { ok: false; message: string } {
  if (from === null || from === to || PROJECT_TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === ACCEPTED || from === CANCELLED) return { ok: false, message: `The project is ${from}, which is final` };
  const next = PROJECT_TRANSITIONS[from].filter((s) => s !== CANCELLED)[0];
  if (LINE.indexOf(to) < LINE.indexOf(from)) return { ok: false, message: `A project cannot go back from ${from} to ${to}` };
  return { ok: false, message: `A ${from} project moves to ${next} (or CANCELLED) first, not straight to ${to}` };
}

/** Whether the status means the project was approved (it then needs its approval date). */
export function isApproved(status: ProjectStatus): boolean {
  return LINE.indexOf(status) >= LINE.indexOf(APPROVED);
}

/** Whether the status means the work is finished (it then needs its completion date). */
export function isFinished(status: ProjectStatus): boolean {
  return status === COMPLETED || status === ACCEPTED;
}

/** The states in which a project pays out no more: the ledger refuses their disbursements. */
export const NO_DISBURSEMENT_STATUSES: readonly ProjectStatus[] = [CANCELLED];

export function acceptsDisbursements(status: ProjectStatus): boolean {
  return !NO_DISBURSEMENT_STATUSES.includes(status);
}
