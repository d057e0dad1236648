import { type Sql, sql } from '../../db/sql';
import { NameComparison } from './match.enums';

/** A Fellegi-Sunter level: m = P(level | same person), u = P(level | two different people). */
interface Level {
  m: number;
  u: number;
}

/**
 * The levels' probabilities, set by judgement (no labelled registry to fit
 * them on): county and birth date as in a national registry of ~1e8 people
 * (the block requires both); a homophone is far likelier a typo than a
 * coincidence, a one-character change of sound the reverse.
 */
export const LEVELS = {
  county: { m: 0.95, u: 0.001 },
  birthDate: { m: 0.98, u: 1 / 20_000 },
  sexAgrees: { m: 0.98, u: 0.5 },
  sexDisagrees: { m: 0.02, u: 0.5 },
  name: {
    [NameComparison.SAME]: { m: 0.8, u: 0.0005 },
    [NameComparison.SAME_FOLDED]: { m: 0.04, u: 0.00005 },
    [NameComparison.HOMOPHONE]: { m: 0.1, u: 0.0005 },
    [NameComparison.ONE_CHAR_OTHER_SOUND]: { m: 0.002, u: 0.02 },
    [NameComparison.ONE_CHAR_MORE_OR_LESS]: { m: 0.002, u: 0.01 },
    [NameComparison.SIMILAR]: { m: 0.005, u: 0.05 },
  } satisfies Record<NameComparison, Level>,
} as const;

/** Prior odds that a record and a member in the whole registry are one person: about one in a million. */
export const PRIOR_WEIGHT = Math.log2(1e-6 / (1 - 1e-6));

/** The match weight of a level: log2(m / u). */
export const weightOf = (l: Level): number => Math.log2(l.m / l.u);

/** A total match weight as a probability in [0, 1]. */
export const scoreOf = (weight: number): number => 1 / (1 + 2 ** -weight);

/** The weight a score threshold stands for (score >= t exactly when weight >= this). */
export function thresholdWeight(threshold: number): number {
  if (!(threshold > 0 && threshold < 1)) throw new Error('the PROBABLE threshold must lie strictly between 0 and 1');
  return Math.log2(threshold / (1 - threshold));
}

/** The total weight of one comparison (county and birth date agree: the block requires them). */
export function totalWeight(name: NameComparison, sex: 'AGREE' | 'DISAGREE' | 'UNKNOWN'): number {
  const sexWeight = sex === 'AGREE' ? weightOf(LEVELS.sexAgrees) : sex === 'DISAGREE' ? weightOf(LEVELS.sexDisagrees) : 0;
  return PRIOR_WEIGHT + weightOf(LEVELS.county) + weightOf(LEVELS.birthDate) + sexWeight + weightOf(LEVELS.name[name]);
}

/**
 * The name comparison of record `s` and member `m` as SQL (their name_norm,
 * name_fold, name_pinyin columns), strongest level first.
 */
export function nameComparisonSql(s: string, m: string): Sql {
  const col = (t: string, c: string) => sql.ident(`${t}.${c}`);
  const [sn, sf, sp, mn, mf, mp] = [
    col(s, 'name_norm'),
    col(s, 'name_fold'),
    col(s, 'name_pinyin'),
    col(m, 'name_norm'),
    col(m, 'name_fold'),
    col(m, 'name_pinyin'),
  ];
  return sql`case when ${mn} = ${sn} then 'SAME' when ${mf} = ${sf} then 'SAME_FOLDED' when ${mp} = ${sp} then 'HOMOPHONE'
    when levenshtein(${mf}, ${sf}) = 1 then case when char_length(${mf}) = char_length(${sf}) then 'ONE_CHAR_OTHER_SOUND' else 'ONE_CHAR_MORE_OR_LESS' end
    else 'SIMILAR' end`;
}

/** The total weight as SQL over the comparison's `cls` and `sex` columns, every weight a bound value. */
export function weightSql(cls: Sql, sex: Sql): Sql {
  const base = PRIOR_WEIGHT + weightOf(LEVELS.county) + weightOf(LEVELS.birthDate);
  const names = Object.values(NameComparison).map((c) => sql`when ${c}::text then ${weightOf(LEVELS.name[c])}::float8`);
  return sql`(${base}::float8
    + case ${sex} when 'AGREE' then ${weightOf(LEVELS.sexAgrees)}::float8 when 'DISAGREE' then ${weightOf(LEVELS.sexDisagrees)}::float8 else 0 end
    + case ${cls} ${sql.join(names, '\n')} end)`;
}
