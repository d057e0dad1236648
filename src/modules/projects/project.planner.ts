import { ContractErrorCode } from '../../graphql/error-code';
import { type FieldError, PushOutcome } from '../pushes/push.types';
import { PROJECT_FIELDS, type ProjectRecord, type ValidatedProject } from './project.model';
import type { CurrentProject } from './project.repository';
import { statusChange } from './project-status.rules';

/** One project of the input after validation. */
export interface ProjectItem {
  index: number;
  projectNo: string;
  expectedVersion: number | null;
  validated: ValidatedProject;
}

export type Change = { old: unknown; new: unknown };

export type ProjectDecision =
  | { index: number; projectNo: string; outcome: PushOutcome.REJECTED; errors: FieldError[]; version: number | null }
  | { index: number; projectNo: string; outcome: PushOutcome.UNCHANGED; version: number }
  | {
      index: number;
      projectNo: string;
      outcome: PushOutcome.CREATED | PushOutcome.UPDATED;
      record: ProjectRecord;
      current?: CurrentProject;
      changes: Record<string, Change>;
    };

/**
 * Decides each project's outcome against the library as it is under the
 * province lock: a project listed twice, a stale version, a status move the
 * state machine refuses, then the diff that tells UPDATED from UNCHANGED.
 */
export function planProjects(items: ProjectItem[], current: Map<string, CurrentProject>): ProjectDecision[] {
  const first = new Map<string, number>();
  return items.map((item) => {
    const seen = first.get(item.projectNo);
    if (seen === undefined) first.set(item.projectNo, item.index);
    const twice: FieldError[] =
      seen === undefined
        ? []
        : [
            {
              path: `projects[${item.index}].projectNo`,
              code: ContractErrorCode.BAD_USER_INPUT,
              message: `Listed twice in this push (also projects[${seen}])`,
            },
          ];
    return decide(item, current.get(item.projectNo), twice);
  });
}

function decide(item: ProjectItem, current: CurrentProject | undefined, twice: FieldError[]): ProjectDecision {
  const { index, projectNo } = item;
  const version = current?.version ?? null;
  const reject = (errors: FieldError[]): ProjectDecision => ({ index, projectNo, outcome: PushOutcome.REJECTED, errors, version });
  if (!item.validated.ok || twice.length) return reject([...(item.validated.ok ? [] : item.validated.errors), ...twice]);
  if (item.expectedVersion !== null && item.expectedVersion !== (current?.version ?? 0)) {
    const message = current
      ? `The project is at version ${current.version}, not ${item.expectedVersion}`
      : 'The project does not exist yet (expected version 0 or none)';
    return reject([{ path: `projects[${index}].expectedVersion`, code: ContractErrorCode.VERSION_CONFLICT, message }]);
  }
  const record = item.validated.record;
  const move = statusChange(current?.status ?? null, record.status);
  if (!move.ok) return reject([{ path: `projects[${index}].status`, code: ContractErrorCode.BAD_USER_INPUT, message: move.message }]);
  const changes = diffProject(record, current);
  if (current && !Object.keys(changes).length) return { index, projectNo, outcome: PushOutcome.UNCHANGED, version: current.version };
  return { index, projectNo, outcome: current ? PushOutcome.UPDATED : PushOutcome.CREATED, record, current, changes };
}

/** The fields a record changes, `{ field: { old, new } }`; every field for a new project. */
export function diffProject(record: ProjectRecord, current: ProjectRecord | undefined): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const f of PROJECT_FIELDS) {
    const before = current ? current[f] : null;
    if (JSON.stringify(before ?? null) !== JSON.stringify(record[f] ?? null)) changes[f] = { old: before ?? null, new: record[f] };
  }
  return changes;
}
