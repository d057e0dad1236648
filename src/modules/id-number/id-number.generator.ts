import { ID_CHECK_CHARACTERS, ID_CHECK_WEIGHTS } from './id-number';

// Where the 8 birth-date digits sit in `YYYY-MM-DD`.
const DATE_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];
const CHECK_CODES = Array.from(ID_CHECK_CHARACTERS, (c) => c.charCodeAt(0));
// Reused between calls: the seed generator calls this millions of times, and
// one String.fromCharCode of 18 codes is the only allocation per number.
const codes: number[] = new Array<number>(18).fill(48);

/**
 * An 18-character ID number with the correct check character, for synthetic
 * data and tests. `sequence` (0-999) sets the sex: odd is male, even female.
 * Region and date are only required to be digits, not to be real, so tests
 * can build numbers that fail on exactly one rule.
 * @param regionCode 6 digits.
 * @param birthDate `YYYY-MM-DD`.
 * @throws RangeError on arguments of the wrong shape.
 */
export function buildIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (regionCode.length !== 6 || birthDate.length !== 10 || birthDate[4] !== '-' || birthDate[7] !== '-') {
    throw new RangeError(`buildIdNumber needs a 6-digit region and a YYYY-MM-DD date, got "${regionCode}", "${birthDate}"`);
  }
  if (!(sequence >= 0 && sequence <= 999 && Number.isInteger(sequence))) {
    throw new RangeError(`buildIdNumber needs a sequence of 0-999, got ${sequence}`);
  }
  codes[14] = 48 + Math.floor(sequence / 100);
  codes[15] = 48 + (Math.floor(sequence / 10) % 10);
  codes[16] = 48 + (sequence % 10);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    if (i < 14) codes[i] = i < 6 ? regionCode.charCodeAt(i) : birthDate.charCodeAt(DATE_DIGIT_POSITIONS[i - 6]);
    const digit = codes[i] - 48;
    if (digit < 0 || digit > 9) throw new RangeError(`buildIdNumber got a non-digit in "${regionCode}", "${birthDate}"`);
    sum += digit * ID_CHECK_WEIGHTS[i];
  }
  codes[17] = CHECK_CODES[sum % 11];
  const c = codes;
  return String.fromCharCode(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17]);
}
