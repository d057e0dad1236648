import { createRequire } from 'node:module';
import type { MikroORM } from '@mikro-orm/postgresql';
import { computeCheckCharacter, normaliseIdNumber } from '../src/modules/id-number/id-number';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { normaliseName } from '../src/modules/members/name-normaliser';
import { nameKeys } from '../src/modules/name-keys/name-keys';

/**
 * A labelled evaluation set for issue 16: registry members and sector records
 * garbled the way sector systems garble them, each record labelled with its
 * case kind and what the hub should make of it. Deterministic for a seed.
 * One copy for `npm run bench -- match` and tests/integration/match-quality.test.ts
 * (here, as the bench's build compiles bench/ and not tests/).
 */
export enum CaseKind {
  SAME_NAME_NEW_ID = 'SAME_NAME_NEW_ID',
  TRADITIONAL_NEW_ID = 'TRADITIONAL_NEW_ID',
  HOMOPHONE_NEW_ID = 'HOMOPHONE_NEW_ID',
  MINORITY_NEW_ID = 'MINORITY_NEW_ID',
  DECOY_OTHER_SOUND = 'DECOY_OTHER_SOUND',
  SAME_ID_TRADITIONAL = 'SAME_ID_TRADITIONAL',
  SAME_ID_OTHER_PERSON = 'SAME_ID_OTHER_PERSON',
  SWAPPED_DIGITS = 'SWAPPED_DIGITS',
  ONE_DIGIT_WRONG = 'ONE_DIGIT_WRONG',
  CHECK_CHARACTER_WRONG = 'CHECK_CHARACTER_WRONG',
  TWO_MEMBERS_FIT = 'TWO_MEMBERS_FIT',
}

/** What the hub should do with a record: the PROBABLE member, the suggestion, NAME_MISMATCH (ID numbers of members, or null). */
export interface Expected {
  probable: string | null;
  suggestion: string | null;
  nameMismatch: boolean;
}

export interface EvalRecord {
  kind: CaseKind;
  record: { idNumber: string; name: string; birthDate: string; regionCode: string };
  expected: Expected;
}

export interface EvalMember {
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
}

export interface EvalSet {
  members: EvalMember[];
  records: EvalRecord[];
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭萧田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万武钱戴严莫孔向常汤康易乔赖施葛齐倪温鲁',
];
/** Given-name characters in groups of one sound (toneless pinyin): a homophone is another of its group. */
const SOUND_GROUPS = [
  '伟玮炜薇维卫',
  '丽莉力立利',
  '静晶敬菁婧',
  '华桦骅',
  '明铭鸣',
  '玉宇雨瑜钰',
  '欣鑫新馨',
  '红洪宏虹鸿',
  '军君俊骏',
  '英莹颖瑛',
  '林琳霖麟',
  '平萍苹',
  '艳燕岩妍彦',
].map((g) => [...g]);
const MINORITY = ['阿依古丽·买买提', '买买提·艾力', '古丽娜尔·吐尔逊', '热依拉·艾买提', '艾力·买买提明', '努尔兰·阿不力孜', '迪丽拉·依明', '吐尔洪·卡德尔'];
/** Transliteration variants: characters of the same sound (verified by the pinyin keys when used). */
const MINORITY_VARIANT: Record<string, string> = {
  买: '麦',
  丽: '力',
  艾: '爱',
  尔: '儿',
  吐: '土',
  孜: '兹',
  古: '谷',
  提: '题',
  依: '伊',
  拉: '啦',
  明: '铭',
  兰: '岚',
};

type Convert = (text: string) => string;
const toTraditional = (createRequire(__filename)('opencc-js/cn2t') as { Converter: (o: { from: 'cn'; to: 't' }) => Convert }).Converter({
  from: 'cn',
  to: 't',
});

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)], int: (n: number) => Math.floor(next() * n) };
}

const sameSound = (a: string, b: string) => nameKeys(normaliseName(a)).pinyin === nameKeys(normaliseName(b)).pinyin;
const isValidId = (id: string) => normaliseIdNumber(id).ok;

/** The set: `perKind` records of every kind, on counties 5201xx of P52, each case in a block (county, birth date) of its own. */
export function makeEvalSet(perKind: number, seed = 16): EvalSet {
  const r = rng(seed);
  const members: EvalMember[] = [];
  const records: EvalRecord[] = [];
  let n = 0;
  const newMember = (name: string): EvalMember & { county: string; seq: number } => {
    n++;
    const county = `5201${String(1 + (n % 90)).padStart(2, '0')}`;
    const day = new Date(Date.UTC(1940, 0, 1) + Math.floor(n / 90) * 86_400_000).toISOString().slice(0, 10);
    const seq = 100 + r.int(800);
    const m = { idNumber: buildIdNumber(county, day, seq), name, birthDate: day, sex: seq % 2 ? ('MALE' as const) : ('FEMALE' as const), county, seq };
    members.push(m);
    return m;
  };
  /** A new valid ID of the member's county, birth date and sex (another sequence number). */
  const newId = (m: { county: string; birthDate: string; seq: number }) => buildIdNumber(m.county, m.birthDate, (m.seq + 2 * (1 + r.int(40))) % 1000);
  const chinese = () => r.pick(SURNAMES) + r.pick(r.pick(SOUND_GROUPS)) + (r.next() < 0.5 ? r.pick(r.pick(SOUND_GROUPS)) : '');
  const add = (kind: CaseKind, m: { county: string; birthDate: string }, idNumber: string, name: string, expected: Partial<Expected>) =>
    records.push({
      kind,
      record: { idNumber, name, birthDate: m.birthDate, regionCode: m.county },
      expected: { probable: null, suggestion: null, nameMismatch: false, ...expected },
    });
  for (let i = 0; i < perKind; i++) {
    let m = newMember(chinese());
    add(CaseKind.SAME_NAME_NEW_ID, m, newId(m), m.name, { probable: m.idNumber });
    m = newMember(traditionalName(r));
    add(CaseKind.TRADITIONAL_NEW_ID, m, newId(m), toTraditional(m.name), { probable: m.idNumber });
    m = newMember(chinese());
    add(CaseKind.HOMOPHONE_NEW_ID, m, newId(m), replaceGiven(m.name, r, true), { probable: m.idNumber });
    m = newMember(r.pick(MINORITY));
    add(CaseKind.MINORITY_NEW_ID, m, newId(m), minorityVariant(m.name), { probable: m.idNumber });
    m = newMember(chinese());
    add(CaseKind.DECOY_OTHER_SOUND, m, newId(m), replaceGiven(m.name, r, false), {});
    m = newMember(traditionalName(r));
    add(CaseKind.SAME_ID_TRADITIONAL, m, m.idNumber, toTraditional(m.name), {});
    m = newMember(chinese());
    add(CaseKind.SAME_ID_OTHER_PERSON, m, m.idNumber, otherSurname(m.name, r) + '某', { nameMismatch: true });
    m = newMember(chinese());
    add(CaseKind.SWAPPED_DIGITS, m, garble(m.idNumber, 'swap'), m.name, { suggestion: m.idNumber });
    m = newMember(chinese());
    add(CaseKind.ONE_DIGIT_WRONG, m, garble(m.idNumber, 'digit'), m.name, { suggestion: m.idNumber });
    m = newMember(chinese());
    add(CaseKind.CHECK_CHARACTER_WRONG, m, m.idNumber.slice(0, 17) + (computeCheckCharacter(m.idNumber.slice(0, 17)) === '1' ? '2' : '1'), m.name, {
      suggestion: m.idNumber,
    });
    twoFit(newMember, add);
  }
  return { members: members.map(({ idNumber, name, birthDate, sex }) => ({ idNumber, name, birthDate, sex })), records };
}

/** A name whose surname and given name both have traditional forms. */
function traditionalName(r: ReturnType<typeof rng>): string {
  for (;;) {
    const name = r.pick(SURNAMES) + r.pick(r.pick(SOUND_GROUPS));
    if ([...toTraditional(name)].filter((c, i) => c !== [...name][i]).length >= 1 && toTraditional(name) !== name) return name;
  }
}

/** One given-name character replaced: by one of its sound (`homophone`) or of another sound. */
function replaceGiven(name: string, r: ReturnType<typeof rng>, homophone: boolean): string {
  const chars = [...name];
  const at = 1 + r.int(chars.length - 1);
  const group = SOUND_GROUPS.find((g) => g.includes(chars[at])) as string[];
  for (;;) {
    const c = homophone ? r.pick(group.filter((x) => x !== chars[at])) : r.pick(r.pick(SOUND_GROUPS.filter((g) => g !== group)));
    const out = [...chars.slice(0, at), c, ...chars.slice(at + 1)].join('');
    if (sameSound(out, name) === homophone) return out;
  }
}

function minorityVariant(name: string): string {
  const chars = [...name];
  const at = chars.findIndex((c) => MINORITY_VARIANT[c] && sameSound(c, MINORITY_VARIANT[c]));
  chars[at] = MINORITY_VARIANT[chars[at]];
  return chars.join('');
}

function otherSurname(name: string, r: ReturnType<typeof rng>): string {
  const chars = [...name];
  let s = r.pick(SURNAMES);
  while (s === chars[0]) s = r.pick(SURNAMES);
  return s + chars.slice(1, 2).join('');
}

/** The ID with two adjacent digits of its sequence swapped, or one digit changed, such that the check character fails. */
function garble(id: string, how: 'swap' | 'digit'): string {
  for (let p = 16; p >= 6; p--)
    for (let d = 0; d < 10; d++) {
      const out =
        how === 'swap' ? id.slice(0, p - 1) + id[p] + id[p - 1] + id.slice(p + 1) : id.slice(0, p) + String((Number(id[p]) + 1 + d) % 10) + id.slice(p + 1);
      if (out !== id && !isValidId(out) && /^\d{17}[\dX]$/.test(out)) return out;
    }
  throw new Error(`no garbling of ${id}`);
}

/**
 * An invalid ID that two members of one name and birth date reach by one repair each: no suggestion. For about
 * one member in a hundred no second valid ID is one sequence digit from its garbled one (the digit needed would
 * be 10): another member is tried, and the first stays in the registry alone in its block, which no record names.
 */
function twoFit(newMember: (name: string) => EvalMember & { county: string; seq: number }, add: (...a: Parameters<AddFn>) => void): void {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = newMember('双' + '胞');
    const bad = garble(a.idNumber, 'digit');
    const other = secondFit(a.idNumber, bad);
    if (!other) continue;
    const b = newMember(a.name);
    b.idNumber = other;
    b.birthDate = a.birthDate;
    add(CaseKind.TWO_MEMBERS_FIT, a, bad, a.name, {});
    return;
  }
  throw new Error('no second member fits');
}

/** Another valid ID of the same county and birth date one digit of the sequence away from `bad`, if any. */
function secondFit(id: string, bad: string): string | null {
  for (let p = 14; p < 17; p++)
    for (let d = 0; d < 10; d++) {
      const other = bad.slice(0, p) + d + bad.slice(p + 1);
      if (other !== id && isValidId(other) && other.slice(0, 14) === id.slice(0, 14)) return other;
    }
  return null;
}

type AddFn = (kind: CaseKind, m: { county: string; birthDate: string }, idNumber: string, name: string, expected: Partial<Expected>) => void;

/** Inserts the members, one household each in its county, as the owner (set-based, three statements); the trigger keys their names. */
export async function insertEvalMembers(orm: MikroORM, members: EvalMember[]): Promise<void> {
  const rows = members.map((m, i) => ({
    ...m,
    nameNorm: normaliseName(m.name),
    village: `${m.idNumber.slice(0, 6)}${String(1 + Math.floor(i / 9000)).padStart(6, '0')}`,
    no: i,
  }));
  const conn = orm.em.getConnection();
  await conn.execute(
    `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, primary_cause)
     select r.village || lpad(r.no::text, 7, '0'), r.village, left(r.village, 6), left(r.village, 2), 'POOR', 2014, 'ILLNESS'
     from jsonb_to_recordset(?::jsonb) as r(village text, no int)`,
    [JSON.stringify(rows)],
  );
  await conn.execute(
    `insert into members (household_id, province_code, id_number, name, name_norm, sex, birth_date, relationship, health)
     select h.id, h.province_code, r."idNumber", r.name, r."nameNorm", r.sex, r."birthDate"::date, 'HEAD', 'HEALTHY'
     from jsonb_to_recordset(?::jsonb) as r(village text, no int, "idNumber" text, name text, "nameNorm" text, sex text, "birthDate" text)
     join households h on h.registry_no = r.village || lpad(r.no::text, 7, '0')`,
    [JSON.stringify(rows)],
  );
}

/** What the hub made of a record, as `outcomeRows` reads it. */
export interface Outcome {
  rowNo: number;
  outcome: string;
  member: string | null;
  suggestion: string | null;
  nameMismatch: boolean;
  score: number | null;
}

/** Per case kind: precision and recall of PROBABLE, of suggestions and of NAME_MISMATCH (null when nothing to divide), and the top score. */
export interface KindQuality {
  kind: CaseKind;
  records: number;
  probable: { precision: number | null; recall: number | null };
  suggestion: { precision: number | null; recall: number | null };
  nameMismatch: { precision: number | null; recall: number | null };
  maxScore: number | null;
}

const ratio = (a: number, b: number) => (b ? a / b : null);

/** Scores the outcomes against the labels (records in row order: row n is records[n - 1]). */
export function evaluate(records: EvalRecord[], outcomes: Outcome[]): KindQuality[] {
  const byRow = new Map(outcomes.map((o) => [o.rowNo, o]));
  return Object.values(CaseKind).map((kind) => {
    const rows = records.map((r, i) => ({ r, o: byRow.get(i + 1) as Outcome })).filter((x) => x.r.kind === kind);
    const tally = (said: (o: Outcome) => string | null, want: (e: Expected) => string | null) => {
      const given = rows.filter((x) => said(x.o) !== null);
      const right = given.filter((x) => said(x.o) === want(x.r.expected));
      const wanted = rows.filter((x) => want(x.r.expected) !== null);
      return { precision: ratio(right.length, given.length), recall: ratio(right.length, wanted.length) };
    };
    const scores = rows.map((x) => x.o.score).filter((s): s is number => s !== null);
    return {
      kind,
      records: rows.length,
      probable: tally(
        (o) => (o.outcome === 'PROBABLE' ? o.member : null),
        (e) => e.probable,
      ),
      suggestion: tally(
        (o) => o.suggestion,
        (e) => e.suggestion,
      ),
      nameMismatch: tally(
        (o) => (o.nameMismatch ? 'yes' : null),
        (e) => (e.nameMismatch ? 'yes' : null),
      ),
      maxScore: scores.length ? Math.max(...scores) : null,
    };
  });
}

/** The batch's outcomes with the members' ID numbers (as the owner). */
export async function outcomeRows(orm: MikroORM, batchId: string): Promise<Outcome[]> {
  return orm.em.getConnection().execute<Outcome[]>(
    `select b.row_no as "rowNo", b.outcome, m.id_number as member, s.id_number as suggestion,
       'NAME_MISMATCH' = any(b.discrepancy_kinds) as "nameMismatch", b.match_score as score
     from batch_records b left join members m on m.id = b.member_id left join members s on s.id = b.suggestion_member_id
     where b.batch_id = ? order by b.row_no`,
    [batchId],
  );
}
