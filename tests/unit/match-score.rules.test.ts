import { NameComparison } from '../../src/modules/reconciliation/match.enums';
import { scoreOf, thresholdWeight, totalWeight } from '../../src/modules/reconciliation/match-score.rules';

const THRESHOLD = 0.9;

describe('PROBABLE scores (Fellegi-Sunter weights, issue 16)', () => {
  it('puts a homophone, a folded and a same name above the default threshold, whatever the sex', () => {
    for (const name of [NameComparison.SAME, NameComparison.SAME_FOLDED, NameComparison.HOMOPHONE])
      for (const sex of ['AGREE', 'DISAGREE', 'UNKNOWN'] as const) expect([name, sex, scoreOf(totalWeight(name, sex)) >= THRESHOLD]).toEqual([name, sex, true]);
  });

  it('keeps a one-character change of sound below it even when the sex agrees', () => {
    expect(scoreOf(totalWeight(NameComparison.ONE_CHAR_OTHER_SOUND, 'AGREE'))).toBeLessThan(THRESHOLD);
    expect(scoreOf(totalWeight(NameComparison.SIMILAR, 'AGREE'))).toBeLessThan(THRESHOLD);
  });

  it('ranks a homophone below the same name, and a sex disagreement below agreement', () => {
    expect(totalWeight(NameComparison.HOMOPHONE, 'AGREE')).toBeLessThan(totalWeight(NameComparison.SAME, 'AGREE'));
    expect(totalWeight(NameComparison.SAME, 'DISAGREE')).toBeLessThan(totalWeight(NameComparison.SAME, 'AGREE'));
  });

  it('turns the threshold into the weight it stands for, and refuses one outside (0, 1)', () => {
    expect(scoreOf(thresholdWeight(THRESHOLD))).toBeCloseTo(THRESHOLD, 12);
    expect(() => thresholdWeight(1)).toThrow(/strictly between 0 and 1/);
  });
});
