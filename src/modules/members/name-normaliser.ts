/**
 * The contract's name normalisation for matching: trimmed, inner white space
 * removed, full-width forms folded to half-width, and the separators `·` `•`
 * `・` `.` removed, so `阿依古丽·买买提` equals `阿依古丽买买提`.
 */
export function normaliseName(name: string): string {
  // NFKC folds full-width Latin letters, digits and the ideographic space to their plain forms.
  return name
    .normalize('NFKC')
    .replace(/[\s·•・.\u00b7\u2022\u30fb\uff0e]/g, '')
    .toUpperCase();
}
