import { computeCheckCharacter } from './id-number';

/**
 * A valid 18-character ID number for synthetic data and tests. `sequence`
 * (0-999) sets the sex: odd is male, even is female.
 */
export function buildIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const seq = sequence < 10 ? `00${sequence}` : sequence < 100 ? `0${sequence}` : `${sequence}`;
  const first17 = regionCode + birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10) + seq;
  return first17 + computeCheckCharacter(first17);
}
