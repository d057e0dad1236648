import { normaliseName } from '../modules/members/name-normaliser';
import { type SeedRandom, WeightedTable } from './seed-random';

// The most common surnames, weighted roughly by their share of the population.
const HAN_SURNAMES = new WeightedTable<string>([
  ['王', 72],
  ['李', 70],
  ['张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 33],
  ['黄', 25],
  ['赵', 21],
  ['吴', 20],
  ['周', 19],
  ['徐', 15],
  ['孙', 14],
  ['马', 13],
  ['朱', 12],
  ['胡', 12],
  ['郭', 11],
  ['何', 11],
  ['高', 10],
  ['林', 10],
  ['罗', 10],
  ['郑', 9],
  ['梁', 9],
  ['谢', 8],
  ['宋', 7],
  ['唐', 7],
  ['许', 7],
  ['韩', 7],
  ['冯', 7],
  ['邓', 7],
  ['曹', 6],
  ['彭', 6],
  ['曾', 6],
  ['肖', 6],
  ['田', 6],
  ['董', 5],
  ['袁', 5],
  ['潘', 5],
  ['蒋', 5],
  ['蔡', 5],
  ['余', 5],
  ['杜', 5],
  ['叶', 5],
  ['程', 5],
  ['苏', 4],
  ['魏', 4],
  ['吕', 4],
  ['丁', 4],
  ['任', 4],
  ['沈', 4],
  ['姚', 4],
  ['卢', 4],
  ['姜', 4],
  ['崔', 3],
  ['钟', 3],
  ['谭', 3],
  ['陆', 3],
  ['汪', 3],
  ['范', 3],
  ['金', 3],
  ['石', 3],
  ['廖', 3],
  ['贾', 3],
  ['夏', 3],
  ['韦', 3],
  ['付', 3],
  ['方', 3],
  ['白', 3],
  ['邹', 3],
  ['孟', 3],
  ['熊', 3],
  ['秦', 2],
  ['邱', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['闫', 2],
  ['段', 2],
  ['雷', 2],
  ['侯', 2],
  ['龙', 2],
  ['史', 2],
  ['陶', 2],
  ['黎', 2],
  ['贺', 2],
  ['顾', 2],
  ['毛', 2],
  ['郝', 2],
  ['龚', 2],
  ['邵', 2],
  ['万', 2],
  ['欧阳', 1],
  ['司马', 1],
]);

/** Surnames frequent in each minority; members of other minorities take Han surnames. */
const MINORITY_SURNAMES: Record<string, string[]> = {
  Miao: ['龙', '吴', '杨', '石', '麻', '王', '张', '潘'],
  Tujia: ['向', '田', '彭', '覃', '冉', '张', '谭'],
  Zhuang: ['韦', '黄', '覃', '蓝', '陆', '莫', '农', '梁'],
  Hui: ['马', '白', '丁', '杨', '海', '沙', '穆'],
  Dong: ['吴', '杨', '石', '龙', '粟'],
  Buyei: ['王', '韦', '罗', '岑', '班', '陆'],
  Yao: ['盘', '赵', '邓', '李', '冯', '黄'],
  Dongxiang: ['马', '妥', '汪', '唐', '何'],
  Manchu: ['关', '佟', '那', '金', '赵', '富'],
  Lisu: ['余', '和', '蜂', '李', '麻'],
  Nu: ['李', '和', '彭', '余'],
  Dulong: ['孔', '木', '高', '李'],
  Hani: ['李', '白', '车', '卢'],
};

// Yi names are a clan name and a given name written together (吉克曲布), as on their ID cards.
const YI_CLANS = ['吉克', '阿苏', '沙马', '曲比', '俄底', '海来', '阿尔', '马海', '吉伍', '勒格', '罗洪', '瓦扎'];
const YI_GIVEN_MALE = ['曲布', '拉哈', '木呷', '尔古', '伍各', '日火', '石一', '子日', '阿牛', '达体'];
const YI_GIVEN_FEMALE = ['阿呷', '子莫', '伍呷', '阿依', '阿支', '拉莫', '日嫫', '英呷', '阿果', '石莫'];

const MALE_CHARS = '伟强磊军勇杰涛明超刚平辉华建国林峰斌波鹏飞亮成海龙文云志春生福贵发顺德宝荣兵新忠富俊山江永全东喜才'.split('');
const FEMALE_CHARS = '芳娜敏静丽艳娟霞燕秀英玲桂兰梅琴云凤华红莲珍萍翠花春月香金银玉菊淑慧婷雪琳丹妹'.split('');

// Uyghur names: own given name, the `·` separator, then the father's given name.
const UYGHUR_MALE = ['买买提', '艾力', '吐尔逊', '阿不都', '艾买提', '努尔', '司马义', '热合曼', '依明', '卡德尔', '阿力木', '伊力哈木'];
const UYGHUR_FEMALE = ['阿依古丽', '古丽', '热依拉', '帕提古丽', '迪丽努尔', '阿依努尔', '古丽米拉', '米日古丽', '努尔古丽', '再努尔'];

/** Ethnicities whose names carry the `·` separator. */
export function usesSeparatorNames(ethnicity: string): boolean {
  return ethnicity === 'Uyghur';
}

/**
 * The part of a name a household's children inherit: a surname, a Yi clan
 * name, or (Uyghur) the father's own given name.
 */
export function familyNameFor(rng: SeedRandom, ethnicity: string): string {
  if (ethnicity === 'Yi') return rng.pick(YI_CLANS);
  if (ethnicity === 'Uyghur') return rng.pick(UYGHUR_MALE);
  const own = MINORITY_SURNAMES[ethnicity];
  return own && rng.chance(0.8) ? rng.pick(own) : HAN_SURNAMES.draw(rng);
}

/** A full name of a person of `ethnicity` and sex who inherits `familyName`. */
export function personName(rng: SeedRandom, ethnicity: string, male: boolean, familyName: string): string {
  if (ethnicity === 'Yi') return familyName + rng.pick(male ? YI_GIVEN_MALE : YI_GIVEN_FEMALE);
  if (ethnicity === 'Uyghur') return `${rng.pick(male ? UYGHUR_MALE : UYGHUR_FEMALE)}·${familyName}`;
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.7) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return familyName + given;
}

/** The given name (Uyghur): what the children of this man inherit. */
export function givenNameOf(name: string): string {
  const dot = name.indexOf('·');
  return dot > 0 ? name.slice(0, dot) : name;
}

const PLAIN_NAME = /^[\u4e00-\u9fff]+$/;

/**
 * `name_norm`: the contract's normalisation (`normaliseName`), skipped for
 * names of plain CJK ideographs, which it leaves as they are, because the
 * generator asks a million times.
 */
export function normalisePersonName(name: string): string {
  return PLAIN_NAME.test(name) ? name : normaliseName(name);
}

/**
 * The same name as another clerk typed it: another separator, or a space
 * inside. Its normalised form is unchanged, which is what near-duplicates need.
 */
export function nameVariant(rng: SeedRandom, name: string): string {
  if (name.includes('·')) return name.replace('·', rng.pick(['•', '・', '.', '']));
  const cut = rng.int(1, name.length - 1);
  return rng.chance(0.5) ? `${name.slice(0, cut)} ${name.slice(cut)}` : `${name}\u3000`;
}
