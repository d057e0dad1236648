/** CJK Unified Ideographs: NFKC-stable, no case, no white space or separator. */
const PLAIN_IDEOGRAPHS = /^[\u4e00-\u9fff]+$/;

/**
 * The contract's name normalisation for matching: trimmed, inner white space
 * removed, full-width forms folded to half-width, and the separators `·` `•`
 * `・` `.` removed, so `阿依古丽·买买提` equals `阿依古丽买买提`.
 */
export function normaliseName(name: string): string {
  // Most names are common ideographs only, which every step leaves as they are.
  if (PLAIN_IDEOGRAPHS.test(name)) return name;
  // NFKC folds full-width Latin letters, digits and the ideographic space to their plain forms.
  return name
    .normalize('NFKC')
    .replace(/[\s·•・.\u00b7\u2022\u30fb\uff0e]/g, '')
    .toUpperCase();
}
