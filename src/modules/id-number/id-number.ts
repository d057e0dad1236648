/**
 * Resident ID numbers (GB 11643-1999): validation and normalisation of every
 * form seen in the wild. Pure functions, no I/O, used by pushes, lookups,
 * reconciliation and the seed generator alike.
 */

export enum IdNumberErrorCode {
  EMPTY = 'EMPTY',
  BAD_LENGTH = 'BAD_LENGTH',
  BAD_CHARACTER = 'BAD_CHARACTER',
  BAD_REGION = 'BAD_REGION',
  BAD_DATE = 'BAD_DATE',
  FUTURE_DATE = 'FUTURE_DATE',
  BAD_CHECK_CHARACTER = 'BAD_CHECK_CHARACTER',
}

export type IdNumberResult =
  | {
      ok: true;
      /** 18 characters, upper-case X. */
      idNumber: string;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: 'MALE' | 'FEMALE';
      /** 6 digits (GB/T 2260). */
      regionCode: string;
      /** 2 digits. */
      provinceCode: string;
      /** The input was the 15-digit legacy form. */
      legacy15: boolean;
    }
  | {
      ok: false;
      code: IdNumberErrorCode;
      /** A plain sentence for the clerk who must fix it. */
      reason: string;
      /** Only the check character is wrong (a typo candidate for suggestions). */
      checkCharOnly?: boolean;
      /** The check character the first 17 digits call for. */
      expected?: string;
      /** The 18 characters as read, when only the check character is wrong. */
      candidate?: string;
    };

type IdNumberFailure = Extract<IdNumberResult, { ok: false }>;

/** ISO 7064 MOD 11-2 weights of the first 17 digits (2^(17-i) mod 11). */
export const ID_CHECK_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for each weighted sum mod 11. */
export const ID_CHECK_CHARACTERS = '10X98765432';

/** GB/T 2260 province codes, Taiwan, Hong Kong and Macao included. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

// The standard's own example 440524188001010014 is born in 1880, so the floor
// sits below it; it only catches typed years such as 0949 or 1049.
const MIN_BIRTH_YEAR = 1800;
// Refuse before cleaning: a pasted document must not cost a full scan per lookup.
const MAX_INPUT_LENGTH = 64;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Separators clerks and spreadsheets put into numbers: white space (\s covers
// U+3000, NBSP and BOM), zero-width characters, and every dash an IME offers.
const IGNORED = /[\s\u200b-\u200d\u2060\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/;

const CLEAN = /^[0-9X]*$/;

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits.
 * @throws RangeError when `first17` is not exactly 17 ASCII digits.
 */
export function computeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 digits, got ${first17.length} characters`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = first17.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new RangeError(`character ${i + 1} of "${first17}" is not a digit`);
    sum += digit * ID_CHECK_WEIGHTS[i];
  }
  return ID_CHECK_CHARACTERS[sum % 11];
}

/**
 * Folds full-width digits and X to ASCII, upper-cases x, and drops separators
 * (spaces, dashes, invisible characters); anything else is kept so that the
 * validator can name it.
 */
export function cleanIdInput(input: string): string {
  // Most numbers arrive clean; they skip the character-by-character walk (intake cleans millions).
  if (CLEAN.test(input)) return input;
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else if (code === 0x78 || code === 0xff38 || code === 0xff58) out += 'X';
    else if (!IGNORED.test(input[i])) out += input[i];
  }
  return out;
}

/**
 * Validates and normalises one ID number in any form seen in the wild
 * (full-width, lower-case x, spaces or dashes, the 15-digit legacy form).
 * Never throws for any input string.
 * @param today Birth dates after this (UTC) calendar day are refused; defaults to now.
 */
export function normaliseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  if (typeof input !== 'string') return fail(IdNumberErrorCode.EMPTY, 'is empty');
  if (input.length > MAX_INPUT_LENGTH) return badLength(`is ${input.length} characters long`);
  const s = cleanIdInput(input);
  if (s.length === 0) return fail(IdNumberErrorCode.EMPTY, 'is empty');
  if (s.length !== 18 && s.length !== 15) return badLength(`has ${s.length} characters`);
  const bad = firstBadCharacter(s);
  if (bad >= 0) return badCharacter(s, bad);
  const legacy = s.length === 15;
  // The 15-digit form (GB 11643-1989) has no century; 19 is right for almost all of its holders.
  const first17 = legacy ? `${s.slice(0, 6)}19${s.slice(6)}` : s.slice(0, 17);
  return checkParts(first17, legacy ? null : s[17], today);
}

let lastDay = { ms: NaN, iso: '' };

/** `today` as YYYY-MM-DD, kept for the next call: intake checks a million numbers against the same day. */
function isoDay(today: Date): string {
  const ms = today.getTime();
  if (ms !== lastDay.ms) lastDay = { ms, iso: today.toISOString().slice(0, 10) };
  return lastDay.iso;
}

/** Region, date and check character of a string already known to be 17 digits (+ given check). */
function checkParts(first17: string, given: string | null, today: Date): IdNumberResult {
  const regionCode = first17.slice(0, 6);
  const regionProblem = describeRegionProblem(regionCode);
  if (regionProblem) return fail(IdNumberErrorCode.BAD_REGION, regionProblem);
  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  const dateProblem = describeDateProblem(first17);
  if (dateProblem) return fail(IdNumberErrorCode.BAD_DATE, `birth date ${birthDate} ${dateProblem}`);
  if (birthDate > isoDay(today)) {
    return fail(IdNumberErrorCode.FUTURE_DATE, `birth date ${birthDate} is in the future`);
  }
  const expected = computeCheckCharacter(first17);
  if (given !== null && given !== expected) {
    return {
      ...fail(IdNumberErrorCode.BAD_CHECK_CHARACTER, `check character is ${given} but should be ${expected}`),
      checkCharOnly: true,
      expected,
      candidate: first17 + given,
    };
  }
  const sex = (first17.charCodeAt(16) - 48) % 2 === 1 ? 'MALE' : 'FEMALE';
  const provinceCode = regionCode.slice(0, 2);
  return { ok: true, idNumber: first17 + expected, birthDate, sex, regionCode, provinceCode, legacy15: given === null };
}

/** True when the input, in any accepted form, is a valid ID number born by today. */
export function isValidIdNumber(input: string): boolean {
  return normaliseIdNumber(input).ok;
}

/** What a mask keeps: the 6-digit region of first registration, which the household's county mostly gives away anyway. */
const MASK_KEEPS = 6;

/**
 * `520102************`: the region kept, birth date, sequence and check
 * character starred. A caller that sees the birth date, sex and county beside
 * it still has 500 numbers to choose from; the check character alone would cut
 * that to about 45, so nothing after the region is shown. Any form or length.
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, MASK_KEEPS) + '*'.repeat(idNumber.length - MASK_KEEPS);
}

/**
 * The 2-digit province code of an ID number in any accepted form, or null
 * when it does not start with a real province code. Checks nothing else.
 */
export function idNumberProvince(idNumber: string): string | null {
  const province = cleanIdInput(idNumber.slice(0, MAX_INPUT_LENGTH)).slice(0, 2);
  return PROVINCES.has(province) ? province : null;
}

function fail(code: IdNumberErrorCode, detail: string): IdNumberFailure {
  return { ok: false, code, reason: `ID number ${detail}` };
}

function badLength(detail: string): IdNumberFailure {
  return fail(IdNumberErrorCode.BAD_LENGTH, `${detail}; it must have 18 (or 15 in the old form)`);
}

/** Index of the first character that may not stand where it does, or -1. */
function firstBadCharacter(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 0x58 && i === 17) continue;
    return i;
  }
  return -1;
}

function badCharacter(s: string, index: number): IdNumberFailure {
  const ch = String.fromCodePoint(s.codePointAt(index)!);
  // Control and format characters are invisible in a message; name them by code point.
  const shown = /[\p{C}\p{Z}]/u.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
  const rule = ch === 'X' ? 'X may only be the 18th (last) character' : 'it must be a digit';
  return fail(IdNumberErrorCode.BAD_CHARACTER, `has ${shown} as character ${index + 1}; ${rule}`);
}

function describeRegionProblem(regionCode: string): string | null {
  if (regionCode === '000000') return 'region code 000000 is not a real administrative division';
  const province = regionCode.slice(0, 2);
  if (!PROVINCES.has(province)) return `region code ${regionCode} does not start with a real province code (${province} is none)`;
  return null;
}

/** Why digits 7-14 of `first17` are no calendar date, or null when they are one. */
function describeDateProblem(first17: string): string | null {
  const year = Number(first17.slice(6, 10));
  const month = Number(first17.slice(10, 12));
  const day = Number(first17.slice(12, 14));
  if (year < MIN_BIRTH_YEAR) return `is before ${MIN_BIRTH_YEAR}`;
  if (month < 1 || month > 12) return 'has no such month';
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > daysInMonth) return 'is not a real date';
  return null;
}
