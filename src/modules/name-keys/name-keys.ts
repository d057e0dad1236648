import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

/**
 * Match keys of a normalised name: `fold`, every traditional character as its
 * simplified form (OpenCC, traditional to mainland simplified), and `pinyin`,
 * the toneless pinyin of each folded character, space separated, so a
 * homophone typed through a pinyin keyboard (王伟 / 王玮) has the same key.
 * Both go character by character, exactly as the database's table of the same
 * keys (name_char_keys, built from {@link hanCharKeys}) does for the registry:
 * intake and registry then compare equal keys in SQL.
 */
export interface NameKeys {
  fold: string;
  pinyin: string;
}

/** The Han ranges the keys cover (CJK Unified Ideographs and its extension A); any other character is its own key. */
export const HAN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
];

const isHan = (code: number) => HAN_RANGES.some(([lo, hi]) => code >= lo && code <= hi);

type Convert = (text: string) => string;
// opencc-js ships its types as an ES module; its CommonJS build (traditional to simplified only) is loaded directly.
const OpenCC = createRequire(__filename)('opencc-js/t2cn') as { Converter: (o: { from: 't'; to: 'cn' }) => Convert };

let toSimplified: Convert | null = null;
/** Per thread: the converter is built once (its tables are large), the keys of a character once. */
const cache = new Map<string, readonly [string, string]>();

const converter = () => (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
const soundOf = (fold: string, sound: string | undefined) => (sound && /^[a-zü]+$/.test(sound) ? sound : fold);
const oneChar = (ch: string, folded: string) => ([...folded].length === 1 ? folded : ch);

/** The keys of one character: its simplified form and that form's toneless pinyin (itself when not Han). */
export function charKeys(ch: string): readonly [string, string] {
  const hit = cache.get(ch);
  if (hit) return hit;
  let keys: readonly [string, string] = [ch, ch];
  if (isHan(ch.codePointAt(0) ?? 0)) {
    const fold = oneChar(ch, converter()(ch));
    keys = [fold, soundOf(fold, pinyin(fold, { toneType: 'none', type: 'array' })[0])];
  }
  cache.set(ch, keys);
  return keys;
}

/** The keys of a name already normalised by `normaliseName`. */
export function nameKeys(nameNorm: string): NameKeys {
  let fold = '';
  const sounds: string[] = [];
  for (const ch of nameNorm) {
    const [f, s] = charKeys(ch);
    fold += f;
    sounds.push(s);
  }
  return { fold, pinyin: sounds.join(' ') };
}

/**
 * Every Han character's keys, for the database's table (the migration fills it
 * from here). Converted in two calls, characters one a line: the same keys as
 * {@link charKeys} one by one (a line break ends every word), in a second
 * rather than five.
 */
export function hanCharKeys(): Array<readonly [string, string, string]> {
  const chars: string[] = [];
  for (const [lo, hi] of HAN_RANGES) for (let code = lo; code <= hi; code++) chars.push(String.fromCodePoint(code));
  const folds = converter()(chars.join('\n'))
    .split('\n')
    .map((f: string, i: number) => oneChar(chars[i], f));
  const sounds = pinyin(folds.join('\n'), { toneType: 'none', type: 'array' }).filter((x) => x !== '\n');
  return chars.map((ch, i) => [ch, folds[i], soundOf(folds[i], sounds[i])] as const);
}
