// Names of the provinces of the exchange by GB/T 2260 code; other codes (counties, villages) show as codes.
const PROVINCES: Record<string, [string, string]> = {
  '13': ['河北', 'Hebei'],
  '34': ['安徽', 'Anhui'],
  '41': ['河南', 'Henan'],
  '43': ['湖南', 'Hunan'],
  '45': ['广西', 'Guangxi'],
  '50': ['重庆', 'Chongqing'],
  '51': ['四川', 'Sichuan'],
  '52': ['贵州', 'Guizhou'],
  '53': ['云南', 'Yunnan'],
  '62': ['甘肃', 'Gansu'],
};

export function provinceName(code: string | null | undefined, locale: 'zh' | 'en'): string {
  if (!code) return '—';
  const names = PROVINCES[code];
  return names ? `${names[locale === 'zh' ? 0 : 1]} (${code})` : code;
}
