import { type IdNumberErrorCode, normaliseIdNumber } from '../id-number/id-number';
import { normaliseName } from '../members/name-normaliser';
import { nameKeys } from '../name-keys/name-keys';
import type { Sector } from '../tenants/tenant.enums';
import { isIsoDate } from './iso-date';
import { checkAttributes } from './sector-attributes';

/** A sector record as stored on intake. */
export interface RawRecord {
  rowNo: number;
  idNumber: string | null;
  name: string | null;
  birthDate: string | null;
  regionCode: string | null;
  attributes: unknown;
  parseError: string | null;
}

/** A record ready for set-based matching: normalised, or INVALID with its reason. */
export interface PreparedRecord {
  rowNo: number;
  /** Normalised when valid, else as sent. */
  idNumber: string;
  valid: boolean;
  reason: string | null;
  /** What kind of problem the reason is, for counting problems by kind (dry runs); null when valid. */
  reasonCode: InvalidCode | null;
  /** For a check-character-only failure: the number with the right check character. */
  corrected: string | null;
  name: string;
  nameNorm: string;
  /** nameNorm with traditional characters folded to simplified (name-keys). */
  nameFold: string;
  /** The folded name's toneless pinyin, one syllable a character (name-keys). */
  namePinyin: string;
  /** The record's birth date, else the one inside the ID number. */
  birthDate: string | null;
  /** The record's region, else the county inside the ID number. */
  county: string | null;
  attributes: Record<string, unknown>;
  /** Whether the record itself carried a birth date (only then can it disagree with the registry). */
  sentBirthDate: boolean;
}

/** The kinds of INVALID; an ID number's own failures are `ID_NUMBER_` and the id-number module's code. */
export type InvalidCode =
  'UNREADABLE' | 'ID_NUMBER_MISSING' | `ID_NUMBER_${IdNumberErrorCode}` | 'NAME_MISSING' | 'BIRTH_DATE_INVALID' | 'REGION_CODE_INVALID' | 'ATTRIBUTE_INVALID';

const MAX_ID_ECHO = 40;

/** Normalises one record in memory; any problem makes it INVALID with a reason naming the field. */
export function prepareRecord(raw: RawRecord, sector: Sector, today: Date): PreparedRecord {
  // One object a record, built once: intake prepares a million of them and their garbage was a third of its time.
  const invalid = (reasonCode: InvalidCode, reason: string, corrected: string | null = null): PreparedRecord =>
    record(raw, {
      idNumber: (raw.idNumber ?? '').slice(0, MAX_ID_ECHO),
      valid: false,
      reason,
      reasonCode,
      corrected,
      birthDate: null,
      county: null,
      attributes: {},
      sentBirthDate: false,
    });
  if (raw.parseError) return invalid('UNREADABLE', raw.parseError);
  if (!raw.idNumber) return invalid('ID_NUMBER_MISSING', 'idNumber is missing');
  const id = normaliseIdNumber(raw.idNumber, today);
  if (!id.ok)
    return invalid(`ID_NUMBER_${id.code}`, id.reason, id.checkCharOnly && id.candidate && id.expected ? id.candidate.slice(0, 17) + id.expected : null);
  if (!raw.name || !raw.name.trim()) return invalid('NAME_MISSING', 'name is missing');
  if (raw.birthDate !== null && raw.birthDate !== '' && !isIsoDate(raw.birthDate))
    return invalid('BIRTH_DATE_INVALID', `birthDate "${raw.birthDate.slice(0, 20)}" is not a date YYYY-MM-DD`);
  if (raw.regionCode && !/^\d{6}$/.test(raw.regionCode)) return invalid('REGION_CODE_INVALID', 'regionCode must be 6 digits');
  const attrs = checkAttributes(sector, raw.attributes);
  if (!attrs.ok) return invalid('ATTRIBUTE_INVALID', attrs.reason);
  const sentBirthDate = !!raw.birthDate;
  return record(raw, {
    idNumber: id.idNumber,
    valid: true,
    reason: null,
    reasonCode: null,
    corrected: null,
    birthDate: sentBirthDate ? raw.birthDate : id.birthDate,
    county: raw.regionCode || id.regionCode,
    attributes: attrs.attributes,
    sentBirthDate,
  });
}

type Outcome = Omit<PreparedRecord, 'rowNo' | 'name' | 'nameNorm' | 'nameFold' | 'namePinyin'>;

function record(raw: RawRecord, o: Outcome): PreparedRecord {
  const name = raw.name ?? '';
  const nameNorm = normaliseName(name);
  // Keys of a character are cached per thread: a name costs a few map reads.
  const keys = nameKeys(nameNorm);
  return {
    rowNo: raw.rowNo,
    idNumber: o.idNumber,
    valid: o.valid,
    reason: o.reason,
    reasonCode: o.reasonCode,
    corrected: o.corrected,
    name,
    nameNorm,
    nameFold: keys.fold,
    namePinyin: keys.pinyin,
    birthDate: o.birthDate,
    county: o.county,
    attributes: o.attributes,
    sentBirthDate: o.sentBirthDate,
  };
}
