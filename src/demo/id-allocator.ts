import { buildIdNumber } from '../modules/id-number/id-number.generator';
import { SEED_COUNTIES, countyIndex } from './region-catalog';
import type { SeedRandom } from './seed-random';

const MS_PER_DAY = 86_400_000;
const EPOCH_MS = Date.UTC(1880, 0, 1);
/** Days from 1880-01-01 to 2030-12-31: every birth date the generator can issue. */
export const CALENDAR_DAYS = Math.floor((Date.UTC(2030, 11, 31) - EPOCH_MS) / MS_PER_DAY) + 1;

let isoDays: string[] | null = null;

/** `YYYY-MM-DD` of a day number (days since 1880-01-01); a table, because the hot loop asks a million times. */
export function isoOfDay(day: number): string {
  if (!isoDays) {
    isoDays = new Array<string>(CALENDAR_DAYS);
    for (let d = 0; d < CALENDAR_DAYS; d++) isoDays[d] = new Date(EPOCH_MS + d * MS_PER_DAY).toISOString().slice(0, 10);
  }
  return isoDays[day];
}

/** Day number of a `YYYY-MM-DD` (or `YYYYMMDD`) date. */
export function dayOfIso(iso: string): number {
  const s = iso.replace(/-/g, '');
  return Math.round((Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) - EPOCH_MS) / MS_PER_DAY);
}

/**
 * Hands out ID numbers that never collide, without asking the database per
 * person. Within one (county, birth date) the 3-digit sequence is split into
 * 100 blocks of ten; each person owns a block and takes one digit of it (odd
 * for men, even for women). The other nine digits stay free for that
 * person's near-duplicates (an ID "one digit apart"), so a near-duplicate can
 * never equal another person's number either.
 */
export class IdNumberAllocator {
  /** Per (county, day): 0 when unused, else the next free block plus one. Bounded: counties x days bytes. */
  private readonly nextBlock = new Uint8Array(SEED_COUNTIES.length * CALENDAR_DAYS);

  /**
   * A new ID for a person born on `day` in `county`. When the 100 blocks of
   * that date are used up (after many appended runs) the birth date moves
   * back a day (never into the future), so the returned `day` is the one to store.
   */
  allocate(rng: SeedRandom, county: number, day: number, male: boolean): { idNumber: string; day: number } {
    for (let d = day; d >= 0; d--) {
      const key = county * CALENDAR_DAYS + d;
      const stored = this.nextBlock[key];
      // Fresh dates start at a scattered block, so sequences look like 137 or 582, not always 001.
      const block = stored === 0 ? startBlock(key) : stored - 1;
      if (block >= 100) continue;
      this.nextBlock[key] = block + 2;
      const digit = 2 * rng.int(0, 4) + (male ? 1 : 0);
      return { idNumber: buildIdNumber(SEED_COUNTIES[county].code, isoOfDay(d), block * 10 + digit), day: d };
    }
    throw new Error(`no ID numbers left for county ${SEED_COUNTIES[county].code} up to ${isoOfDay(day)}`);
  }

  /**
   * Records a number already in the registry (or its first 16 characters), so
   * that appended runs skip its block. Numbers of regions the generator does
   * not use cannot collide and are ignored.
   */
  markUsed(idNumber: string): void {
    if (!/^[0-9]{16}/.test(idNumber)) return;
    const county = countyIndex(idNumber.slice(0, 6));
    const day = dayOfIso(idNumber.slice(6, 14));
    if (county < 0 || !(day >= 0 && day < CALENDAR_DAYS)) return;
    const key = county * CALENDAR_DAYS + day;
    const block = Number(idNumber.slice(14, 16));
    const stored = this.nextBlock[key];
    if (stored === 0 ? true : stored - 1 <= block) this.nextBlock[key] = Math.min(block + 2, 101);
  }
}

/** A per-date starting block in 0..39, a hash of the key (not of the seed, so appends stay collision-free). */
function startBlock(key: number): number {
  return (Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0) % 40;
}

/**
 * The near-duplicate of an ID from this allocator: the last sequence digit
 * changed (same parity, so the sex it encodes stays), the old check
 * character kept, which makes it invalid, as a clerk's typo would.
 */
export function nearDuplicateId(idNumber: string, rng: SeedRandom): string {
  const digit = idNumber.charCodeAt(16) - 48;
  const other = (digit + 2 * rng.int(1, 4)) % 10;
  return idNumber.slice(0, 16) + String(other) + idNumber.slice(17);
}
