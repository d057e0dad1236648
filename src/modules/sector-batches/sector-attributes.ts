import { Sector } from '../tenants/tenant.enums';
import { isIsoDate } from './iso-date';

export type AttributeType =
  | { kind: 'boolean' }
  | { kind: 'string'; max: number }
  | { kind: 'number'; min: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'date' }
  | { kind: 'enum'; values: readonly string[] };

const bool = { kind: 'boolean' } as const;
const text = { kind: 'string', max: 200 } as const;
const date = { kind: 'date' } as const;

/** The attributes each sector may send (contract: "Sector attributes and discrepancy kinds"). */
export const SECTOR_ATTRIBUTES: Readonly<Record<Sector, Readonly<Record<string, AttributeType>>>> = {
  [Sector.CIVIL_REGISTRATION]: { status: { kind: 'enum', values: ['ACTIVE', 'DECEASED', 'MOVED'] }, eventDate: date },
  [Sector.EDUCATION]: { enrolled: bool, school: text, grade: text },
  [Sector.HEALTH]: { insured: bool, seriousIllness: bool },
  [Sector.DISABILITY]: { certificateNo: text, level: { kind: 'integer', min: 1, max: 4 }, category: text },
  [Sector.HOUSING]: {
    dilapidationGrade: { kind: 'enum', values: ['A', 'B', 'C', 'D'] },
    renovated: bool,
    renovatedYear: { kind: 'integer', min: 1949, max: 2100 },
  },
  [Sector.MINIMUM_LIVING]: { monthlyAmount: { kind: 'number', min: 0 }, since: date },
  [Sector.EMPLOYMENT]: { employerType: { kind: 'enum', values: ['PUBLIC_SECTOR', 'ENTERPRISE', 'SELF', 'NONE'] }, annualWage: { kind: 'number', min: 0 } },
};

export type AttributeCheck = { ok: true; attributes: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Checks a record's attributes and returns them typed. Text from a CSV column
 * ("true", "3", "") is read as the attribute's type; the first problem is a
 * reason that names the attribute.
 */
export function checkAttributes(sector: Sector, attributes: unknown): AttributeCheck {
  if (attributes === null || attributes === undefined) return { ok: true, attributes: {} };
  if (typeof attributes !== 'object' || Array.isArray(attributes)) return { ok: false, reason: 'attributes must be an object' };
  const schema = SECTOR_ATTRIBUTES[sector];
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(attributes as Record<string, unknown>)) {
    const type = schema[name];
    if (!type) return { ok: false, reason: `unknown attribute "${name}" for sector ${sector}` };
    const value = typeof raw === 'string' ? fromText(type, raw) : raw;
    if (value === null || value === undefined) continue;
    const problem = checkValue(type, value);
    if (problem) return { ok: false, reason: `attribute "${name}" ${problem}` };
    out[name] = value;
  }
  return { ok: true, attributes: out };
}

function fromText(type: AttributeType, raw: string): unknown {
  const t = raw.trim();
  if (t === '') return null;
  if (type.kind === 'boolean') return t === 'true' ? true : t === 'false' ? false : raw;
  if ((type.kind === 'number' || type.kind === 'integer') && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return raw;
}

function checkValue(type: AttributeType, value: unknown): string | null {
  switch (type.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string':
      return typeof value === 'string' && value.length <= type.max ? null : `must be text of at most ${type.max} characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= type.min ? null : `must be a number of at least ${type.min}`;
    case 'integer':
      return Number.isInteger(value) && (value as number) >= type.min && (value as number) <= type.max
        ? null
        : `must be a whole number from ${type.min} to ${type.max}`;
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : 'must be a date YYYY-MM-DD';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? null : `must be one of ${type.values.join(', ')}`;
  }
}
