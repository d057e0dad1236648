import { FundSource, ProjectStatus, ProjectType } from '../../src/modules/projects/project.enums';
import type { ProjectInput } from '../../src/modules/projects/project.inputs';
import { planProjects } from '../../src/modules/projects/project.planner';
import type { CurrentProject } from '../../src/modules/projects/project.repository';
import { validateProject } from '../../src/modules/projects/project.validator';

const input = (o: Partial<ProjectInput> = {}): ProjectInput =>
  ({
    projectNo: '520102P1',
    name: ' 光伏电站 ',
    countyCode: '520102',
    villageCodes: ['520102001002', '520102001001'],
    type: ProjectType.PHOTOVOLTAIC,
    status: ProjectStatus.APPROVED,
    approvedOn: new Date('2016-03-01'),
    targetsHouseholds: true,
    budget: [
      { source: FundSource.SOCIAL, amount: '10.00' },
      { source: FundSource.CENTRAL_SPECIAL, amount: '20.00' },
    ],
    ...o,
  }) as ProjectInput;
const ctx = { provinceCode: '52', today: '2016-12-31' };
const problems = (o: Partial<ProjectInput>) => {
  const v = validateProject(input(o), 'projects[0]', ctx);
  return v.ok ? [] : v.errors.map((e) => `${e.path.replace('projects[0].', '')} ${e.code}`);
};

describe('project validation and planning', () => {
  it('keeps a valid project in the shape of its rows: trimmed, villages and budget sorted, days as text', () => {
    const v = validateProject(input(), 'projects[0]', ctx);
    expect(v.ok && v.record).toMatchObject({
      name: '光伏电站',
      provinceCode: '52',
      villageCodes: ['520102001001', '520102001002'],
      approvedOn: '2016-03-01',
      budget: [
        { source: 'CENTRAL_SPECIAL', amount: '20.00' },
        { source: 'SOCIAL', amount: '10.00' },
      ],
    });
  });

  it('asks for the dates a status implies, and refuses the ones it cannot have', () => {
    expect(problems({ status: ProjectStatus.IN_PROGRESS, approvedOn: null })).toEqual(['approvedOn BAD_USER_INPUT']);
    expect(problems({ status: ProjectStatus.PLANNED })).toEqual(['approvedOn BAD_USER_INPUT']);
    expect(problems({ status: ProjectStatus.ACCEPTED })).toEqual(['completedOn BAD_USER_INPUT']);
    expect(problems({ completedOn: new Date('2016-05-01') })).toEqual(['completedOn BAD_USER_INPUT']);
    expect(problems({ status: ProjectStatus.COMPLETED, completedOn: new Date('2016-02-01') })).toEqual(['completedOn BAD_USER_INPUT']);
    expect(problems({ status: ProjectStatus.CANCELLED, approvedOn: null })).toEqual([]);
  });

  it('keeps a project in its county and its county in the caller’s province', () => {
    expect(problems({ countyCode: '530102', projectNo: '530102P1', villageCodes: [] })).toEqual(['countyCode FORBIDDEN']);
    expect(problems({ projectNo: '520103P1' })).toEqual(['projectNo BAD_USER_INPUT']);
    expect(problems({ villageCodes: ['520103001001', '520102001001', '520102001001'] })).toEqual([
      'villageCodes[0] BAD_USER_INPUT',
      'villageCodes[2] BAD_USER_INPUT',
    ]);
    expect(problems({ budget: [] })).toEqual(['budget BAD_USER_INPUT']);
  });

  it('plans CREATED, UNCHANGED, UPDATED with the changed fields, and refuses a status move the state machine refuses', () => {
    const v = validateProject(input(), 'projects[0]', ctx);
    if (!v.ok) throw new Error('fixture');
    const current: CurrentProject = { ...v.record, id: 1, version: 3 };
    const item = (o: Partial<ProjectInput>, index = 0) => ({
      index,
      projectNo: '520102P1',
      expectedVersion: null,
      validated: validateProject(input(o), `projects[${index}]`, ctx),
    });
    expect(planProjects([item({})], new Map())[0]).toMatchObject({ outcome: 'CREATED' });
    expect(planProjects([item({})], new Map([['520102P1', current]]))[0]).toEqual({ index: 0, projectNo: '520102P1', outcome: 'UNCHANGED', version: 3 });
    expect(planProjects([item({ name: 'x' })], new Map([['520102P1', current]]))[0]).toMatchObject({
      outcome: 'UPDATED',
      changes: { name: { old: '光伏电站', new: 'x' } },
    });
    expect(planProjects([item({ status: ProjectStatus.PLANNED, approvedOn: null })], new Map([['520102P1', current]]))[0]).toMatchObject({
      outcome: 'REJECTED',
      version: 3,
      errors: [{ path: 'projects[0].status' }],
    });
  });
});
