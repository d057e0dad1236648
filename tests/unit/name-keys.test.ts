import { hanCharKeys, nameKeys } from '../../src/modules/name-keys/name-keys';

describe('name keys (issue 16)', () => {
  it('folds traditional characters to simplified and keys each by its toneless pinyin', () => {
    expect(nameKeys('張偉')).toEqual({ fold: '张伟', pinyin: 'zhang wei' });
    expect(nameKeys('王玮').pinyin).toBe(nameKeys('王伟').pinyin);
    expect(nameKeys('王强').pinyin).not.toBe(nameKeys('王伟').pinyin);
  });

  it('gives minority names in two transliterations one pinyin key', () => {
    expect(nameKeys('阿依古丽买买提').pinyin).toBe(nameKeys('阿依古丽麦麦提').pinyin);
    expect(nameKeys('阿依古麗買買提').fold).toBe('阿依古丽买买提');
  });

  it('keeps characters outside the Han ranges as their own keys', () => {
    expect(nameKeys('DAVID王')).toEqual({ fold: 'DAVID王', pinyin: 'D A V I D wang' });
  });

  it('fills the database table with exactly the keys intake computes', () => {
    const rows = hanCharKeys();
    expect(rows.length).toBe(0x4dbf - 0x3400 + 1 + (0x9fff - 0x4e00 + 1));
    for (const [ch, fold, pinyin] of rows.filter((_, i) => i % 97 === 0)) expect(nameKeys(ch)).toEqual({ fold, pinyin });
  });
});
