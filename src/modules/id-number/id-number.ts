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
      regionCode: string;
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
      /** The 18 characters as read, when the shape was right. */
      candidate?: string;
    };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB/T 2260 province codes. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function computeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Folds full-width digits and X to ASCII, upper-cases x, and drops white space
 * (including the ideographic space) and dashes, the forms clerks type.
 */
export function cleanIdInput(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else if (ch === 'x' || ch === 'ｘ' || ch === 'Ｘ') out += 'X';
    else if (/[\s\u3000\-‐‑‒–—－]/.test(ch)) continue;
    else out += ch;
  }
  return out;
}

/** Validates and normalises one ID number; never throws. */
export function normaliseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  if (input.length > 64) return fail(IdNumberErrorCode.BAD_LENGTH, `has ${input.length} characters; an ID number has 18 (or 15 in the old form)`);
  const s = cleanIdInput(input);
  if (s.length === 0) return fail(IdNumberErrorCode.EMPTY, 'is empty');
  if (s.length !== 18 && s.length !== 15) {
    return fail(IdNumberErrorCode.BAD_LENGTH, `has ${s.length} characters; an ID number has 18 (or 15 in the old form)`);
  }
  const digits = s.length === 18 ? s.slice(0, 17) : s;
  const bad = firstNonDigit(digits);
  if (bad >= 0) return fail(IdNumberErrorCode.BAD_CHARACTER, `character ${bad + 1} ("${digits[bad]}") must be a digit`);
  if (s.length === 18 && !/^[0-9X]$/.test(s[17])) {
    return fail(IdNumberErrorCode.BAD_CHARACTER, `the last character ("${s[17]}") must be a digit or X`);
  }
  const first17 = s.length === 18 ? digits : `${s.slice(0, 6)}19${s.slice(6, 15)}`;
  return checkParts(first17, s.length === 18 ? s[17] : null, today);
}

function checkParts(first17: string, given: string | null, today: Date): IdNumberResult {
  const region = first17.slice(0, 6);
  if (region === '000000' || !PROVINCES.has(region.slice(0, 2))) {
    return fail(IdNumberErrorCode.BAD_REGION, `region code ${region} is not a real administrative division`);
  }
  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  if (!isRealDate(birthDate)) return fail(IdNumberErrorCode.BAD_DATE, `birth date ${birthDate} is not a real date`);
  if (birthDate > isoDate(today)) return fail(IdNumberErrorCode.FUTURE_DATE, `birth date ${birthDate} is in the future`);
  const expected = computeCheckCharacter(first17);
  if (given !== null && given !== expected) {
    return {
      ok: false,
      code: IdNumberErrorCode.BAD_CHECK_CHARACTER,
      reason: `ID number check character is ${given} but should be ${expected}`,
      checkCharOnly: true,
      expected,
      candidate: first17 + given,
    };
  }
  const sex = (first17.charCodeAt(16) - 48) % 2 === 1 ? 'MALE' : 'FEMALE';
  return { ok: true, idNumber: first17 + expected, birthDate, sex, regionCode: region, provinceCode: region.slice(0, 2), legacy15: given === null };
}

/** True when the input, in any accepted form, is a valid ID number. */
export function isValidIdNumber(input: string): boolean {
  return normaliseIdNumber(input).ok;
}

/** `520102********123X`: region and last four kept, for tenants that may not see the number. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

/** Province code of a normalised ID number. */
export function idNumberProvince(idNumber: string): string {
  return idNumber.slice(0, 2);
}

function fail(code: IdNumberErrorCode, detail: string): IdNumberResult {
  return { ok: false, code, reason: `ID number ${detail}` };
}

function firstNonDigit(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return i;
  }
  return -1;
}

function isRealDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  if (year < 1800) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
