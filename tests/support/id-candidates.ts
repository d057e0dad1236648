import { computeCheckCharacter } from '../../src/modules/id-number/id-number';

/** What a caller can see beside a masked ID number: each fact narrows the numbers it could be. */
export interface VisibleFacts {
  /** `YYYY-MM-DD`. */
  birthDate?: string | null;
  sex?: string | null;
  /** The 6-digit county, or a longer code starting with it (a village). */
  countyCode?: string | null;
  provinceCode?: string | null;
}

const DIGITS = '0123456789';

/** The characters position `i` (0-16) may hold, given the mask and the visible facts. */
function choices(mask: string, facts: VisibleFacts, i: number): string {
  if (mask[i] !== '*') return mask[i];
  const region = facts.countyCode?.slice(0, 6) ?? facts.provinceCode ?? '';
  if (i < 6 && i < region.length) return region[i];
  const birth = facts.birthDate?.replaceAll('-', '');
  if (i >= 6 && i < 14 && birth) return birth[i - 6];
  if (i === 16 && facts.sex) return facts.sex === 'MALE' ? '13579' : '02468';
  return DIGITS;
}

function isRealDate(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * What a hostile caller would do with a masked 18-character number: every
 * number that agrees with the mask and with what else it sees, with a real
 * birth date and a valid check character. Counts up to `limit` and stops.
 */
export function countIdCandidates(mask: string, facts: VisibleFacts, limit = 1000): number {
  if (mask.length !== 18) throw new Error(`not an 18-character mask: ${mask}`);
  const sets = Array.from({ length: 17 }, (_, i) => choices(mask, facts, i));
  let found = 0;
  const walk = (prefix: string): void => {
    if (found >= limit) return;
    const i = prefix.length;
    if (i === 12 && !/^(0[1-9]|1[0-2])$/.test(prefix.slice(10, 12))) return;
    if (i === 14 && !isRealDate(prefix.slice(6, 14))) return;
    if (i === 17) {
      const check = computeCheckCharacter(prefix);
      if (mask[17] === '*' || mask[17] === check) found++;
      return;
    }
    for (const c of sets[i]) walk(prefix + c);
  };
  walk('');
  return found;
}
