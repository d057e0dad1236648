import { BenefitType } from '../modules/benefits/benefit.enums';
import { FundSource, ProjectStatus, ProjectType } from '../modules/projects/project.enums';

/**
 * What the project generator draws from: types with their weight, name,
 * implementing unit, whether they name beneficiary households and what
 * benefit they give; statuses with their weight. Weights are whole numbers
 * summing to 100, so SQL draws one with a 100-slot array lookup.
 */
interface TypeEntry {
  weight: number;
  name: string;
  unit: string;
  /** The benefit a household-targeted project gives; null: it names no households. */
  benefit: BenefitType | null;
  /** Budget of one source line, in yuan: [min, max). */
  budget: readonly [number, number];
  /** Amount of one benefit, in yuan: [min, max); [0, 0] for benefits in kind. */
  benefitAmount: readonly [number, number];
}

const T = ProjectType;
export const PROJECT_TYPES: Readonly<Record<ProjectType, TypeEntry>> = {
  [T.INDUSTRY]: {
    weight: 18,
    name: '特色产业扶贫',
    unit: '县农业农村局',
    benefit: BenefitType.DIVIDEND,
    budget: [200_000, 3_000_000],
    benefitAmount: [300, 3_000],
  },
  [T.ROAD]: { weight: 14, name: '村组道路硬化', unit: '县交通运输局', benefit: null, budget: [500_000, 5_000_000], benefitAmount: [0, 0] },
  [T.WATER]: { weight: 10, name: '农村饮水安全巩固提升', unit: '县水务局', benefit: null, budget: [100_000, 2_000_000], benefitAmount: [0, 0] },
  [T.HOUSING_RENOVATION]: {
    weight: 12,
    name: '农村危房改造',
    unit: '县住房和城乡建设局',
    benefit: BenefitType.HOUSING,
    budget: [300_000, 2_000_000],
    benefitAmount: [8_000, 35_000],
  },
  [T.RELOCATION]: {
    weight: 5,
    name: '易地扶贫搬迁安置',
    unit: '县发展和改革局',
    benefit: BenefitType.HOUSING,
    budget: [1_000_000, 8_000_000],
    benefitAmount: [20_000, 60_000],
  },
  [T.EDUCATION]: { weight: 6, name: '教育扶贫助学', unit: '县教育局', benefit: BenefitType.SUBSIDY, budget: [50_000, 800_000], benefitAmount: [500, 5_000] },
  [T.HEALTH]: {
    weight: 5,
    name: '健康扶贫医疗救助',
    unit: '县卫生健康局',
    benefit: BenefitType.SUBSIDY,
    budget: [50_000, 1_000_000],
    benefitAmount: [300, 8_000],
  },
  [T.EMPLOYMENT_TRAINING]: {
    weight: 10,
    name: '劳动力转移就业培训',
    unit: '县人力资源和社会保障局',
    benefit: BenefitType.TRAINING,
    budget: [30_000, 500_000],
    benefitAmount: [0, 0],
  },
  [T.MICROCREDIT]: {
    weight: 8,
    name: '扶贫小额信贷',
    unit: '县扶贫开发办公室',
    benefit: BenefitType.MICROCREDIT,
    budget: [500_000, 5_000_000],
    benefitAmount: [10_000, 50_000],
  },
  [T.PHOTOVOLTAIC]: {
    weight: 6,
    name: '光伏扶贫电站',
    unit: '县发展和改革局',
    benefit: BenefitType.DIVIDEND,
    budget: [300_000, 3_000_000],
    benefitAmount: [500, 3_000],
  },
  [T.ECOLOGICAL]: { weight: 4, name: '生态护林员与退耕还林', unit: '县林业局', benefit: null, budget: [100_000, 1_500_000], benefitAmount: [0, 0] },
  [T.OTHER]: { weight: 2, name: '其他扶贫项目', unit: '县扶贫开发办公室', benefit: null, budget: [50_000, 500_000], benefitAmount: [0, 0] },
};

/** Statuses of clean projects; faulty ones get the status their fault needs. */
export const STATUS_WEIGHTS: ReadonlyArray<readonly [ProjectStatus, number]> = [
  [ProjectStatus.ACCEPTED, 45],
  [ProjectStatus.COMPLETED, 20],
  [ProjectStatus.IN_PROGRESS, 20],
  [ProjectStatus.APPROVED, 7],
  [ProjectStatus.PLANNED, 5],
  [ProjectStatus.CANCELLED, 3],
];

/** Statuses whose projects have a ledger and beneficiaries (PLANNED and APPROVED have neither yet). */
export const ACTIVE_STATUSES: readonly ProjectStatus[] = [ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED];

/** Source of a project's first budget line is CENTRAL_SPECIAL half the time, then any; further lines follow in this order. */
export const SOURCES: readonly FundSource[] = Object.values(FundSource);

/** Where the announcement hangs. */
export const ANNOUNCEMENT_PLACES = ['村务公开栏', '乡镇政务公开栏', '县政府门户网站'];

/** Share of budget lines with a mistyped voucher entered twice and reversed the same day. */
export const DUPLICATE_REVERSAL_RATE = 0.1;

/** 100 slots, each item repeated by its weight: `slots[floor(u * 100)]` draws by weight. */
export function slots<T>(entries: ReadonlyArray<readonly [T, number]>): T[] {
  const out = entries.flatMap(([item, w]) => Array<T>(w).fill(item));
  if (out.length !== 100) throw new Error(`weights must sum to 100, not ${out.length}`);
  return out;
}

export const TYPE_ENTRIES = Object.entries(PROJECT_TYPES) as Array<[ProjectType, TypeEntry]>;

/**
 * The mean pairs (allocation + disbursement) per budget line and beneficiaries
 * per benefiting project that give about `transactions` and `benefits` rows a
 * project over a whole run, from the same weights the SQL draws with.
 */
export function meansFor(transactions: number, benefits: number): { pairsPerLine: number; beneficiaries: number } {
  const statusShare = (s: readonly ProjectStatus[]) => STATUS_WEIGHTS.filter(([st]) => s.includes(st)).reduce((n, [, w]) => n + w, 0) / 100;
  const active = statusShare(ACTIVE_STATUSES);
  const cancelled = statusShare([ProjectStatus.CANCELLED]);
  const targeting = TYPE_ENTRIES.filter(([, t]) => t.benefit).reduce((n, [, t]) => n + t.weight, 0) / 100;
  const linesPerProject = 2;
  // Rows a project: active ones 2 a pair plus the duplicated vouchers and their reversals; cancelled ones 2.
  const pairsPerLine = Math.max(1, ((transactions - cancelled * 2) / (active * linesPerProject) - 2 * DUPLICATE_REVERSAL_RATE) / 2);
  return { pairsPerLine, beneficiaries: Math.max(1, benefits / (active * targeting)) };
}
