import { SEED_PROVINCES } from '../modules/tenants/tenant.seed';
import { WeightedTable } from './seed-random';

/** A county of the synthetic registry with its villages and the ethnic mix of its people. */
export interface SeedCounty {
  /** Position in `SEED_COUNTIES`; the ID allocator indexes by it. */
  index: number;
  /** GB/T 2260 county code (6 digits). */
  code: string;
  provinceCode: string;
  /** 12-digit village codes: county, 3-digit township, 3-digit village. */
  villages: string[];
  ethnicities: WeightedTable<string>;
}

type Mix = ReadonlyArray<readonly [string, number]>;

// Uyghur migrants appear everywhere at a low rate: their names carry the `·` separator.
const HAN: Mix = [
  ['Han', 96],
  ['Hui', 2],
  ['Uyghur', 2],
];
const XIANGXI: Mix = [
  ['Tujia', 40],
  ['Miao', 35],
  ['Han', 23],
  ['Uyghur', 2],
];
const HECHI: Mix = [
  ['Zhuang', 60],
  ['Han', 20],
  ['Yao', 12],
  ['Miao', 6],
  ['Uyghur', 2],
];
const LIANGSHAN: Mix = [
  ['Yi', 82],
  ['Han', 14],
  ['Uyghur', 4],
];
const QIANDONGNAN: Mix = [
  ['Miao', 55],
  ['Dong', 30],
  ['Han', 12],
  ['Uyghur', 3],
];
const LINXIA: Mix = [
  ['Hui', 45],
  ['Dongxiang', 25],
  ['Han', 27],
  ['Uyghur', 3],
];

/**
 * Real poor counties of the ten provinces (codes as in GB/T 2260), five per
 * province, two or three prefectures each, so that filters by prefecture,
 * county and village have something to tell apart.
 */
const COUNTIES: ReadonlyArray<readonly [string, Mix]> = [
  ['130722', HAN],
  ['130723', HAN],
  ['130724', HAN],
  [
    '130826',
    [
      ['Han', 70],
      ['Manchu', 26],
      ['Mongol', 2],
      ['Uyghur', 2],
    ],
  ],
  [
    '130828',
    [
      ['Han', 60],
      ['Manchu', 30],
      ['Mongol', 8],
      ['Uyghur', 2],
    ],
  ],
  ['341522', HAN],
  ['341523', HAN],
  ['341524', HAN],
  ['341221', HAN],
  ['341226', HAN],
  ['411523', HAN],
  ['411524', HAN],
  ['411525', HAN],
  ['411623', HAN],
  ['411628', HAN],
  ['433122', XIANGXI],
  ['433123', XIANGXI],
  ['433125', XIANGXI],
  [
    '431126',
    [
      ['Han', 85],
      ['Yao', 13],
      ['Uyghur', 2],
    ],
  ],
  [
    '431129',
    [
      ['Yao', 60],
      ['Han', 38],
      ['Uyghur', 2],
    ],
  ],
  ['451221', HECHI],
  ['451224', HECHI],
  ['451225', HECHI],
  [
    '451026',
    [
      ['Zhuang', 85],
      ['Han', 5],
      ['Yi', 4],
      ['Miao', 4],
      ['Uyghur', 2],
    ],
  ],
  ['451027', HECHI],
  ['500229', HAN],
  ['500236', HAN],
  ['500238', HAN],
  [
    '500240',
    [
      ['Tujia', 75],
      ['Han', 23],
      ['Uyghur', 2],
    ],
  ],
  [
    '500243',
    [
      ['Miao', 45],
      ['Tujia', 35],
      ['Han', 18],
      ['Uyghur', 2],
    ],
  ],
  ['513431', LIANGSHAN],
  ['513432', LIANGSHAN],
  [
    '513433',
    [
      ['Han', 60],
      ['Yi', 30],
      ['Tibetan', 8],
      ['Uyghur', 2],
    ],
  ],
  ['511921', HAN],
  ['511923', HAN],
  [
    '520102',
    [
      ['Han', 75],
      ['Buyei', 10],
      ['Miao', 10],
      ['Uyghur', 5],
    ],
  ],
  [
    '520221',
    [
      ['Yi', 30],
      ['Miao', 20],
      ['Han', 45],
      ['Uyghur', 5],
    ],
  ],
  [
    '522327',
    [
      ['Buyei', 75],
      ['Han', 18],
      ['Miao', 5],
      ['Uyghur', 2],
    ],
  ],
  ['522633', QIANDONGNAN],
  ['522634', QIANDONGNAN],
  [
    '530627',
    [
      ['Han', 88],
      ['Yi', 6],
      ['Miao', 4],
      ['Uyghur', 2],
    ],
  ],
  [
    '530624',
    [
      ['Han', 85],
      ['Yi', 10],
      ['Uyghur', 5],
    ],
  ],
  [
    '533323',
    [
      ['Lisu', 75],
      ['Nu', 15],
      ['Han', 8],
      ['Uyghur', 2],
    ],
  ],
  [
    '533324',
    [
      ['Dulong', 20],
      ['Nu', 40],
      ['Lisu', 35],
      ['Uyghur', 5],
    ],
  ],
  [
    '532530',
    [
      ['Yao', 30],
      ['Hani', 30],
      ['Miao', 20],
      ['Han', 17],
      ['Uyghur', 3],
    ],
  ],
  ['621126', HAN],
  ['621124', HAN],
  ['622923', LINXIA],
  ['622925', LINXIA],
  [
    '622926',
    [
      ['Dongxiang', 80],
      ['Hui', 10],
      ['Han', 7],
      ['Uyghur', 3],
    ],
  ],
];

const TOWNSHIPS_PER_COUNTY = 4;
const VILLAGES_PER_TOWNSHIP = 6;

function villagesOf(county: string): string[] {
  const out: string[] = [];
  for (let t = 1; t <= TOWNSHIPS_PER_COUNTY; t++) {
    for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) {
      out.push(`${county}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`);
    }
  }
  return out;
}

/** Every county of the synthetic registry, grouped by province in `SEED_PROVINCES` order. */
export const SEED_COUNTIES: ReadonlyArray<SeedCounty> = COUNTIES.map(([code, mix], index) => ({
  index,
  code,
  provinceCode: code.slice(0, 2),
  villages: villagesOf(code),
  ethnicities: new WeightedTable(mix),
}));

/** The counties of each province, for picking a neighbour county (a spouse's birthplace). */
export const COUNTIES_BY_PROVINCE: ReadonlyMap<string, ReadonlyArray<SeedCounty>> = new Map(
  SEED_PROVINCES.map((p) => [p.code, SEED_COUNTIES.filter((c) => c.provinceCode === p.code)]),
);

/** Index of a 6-digit region code in `SEED_COUNTIES`, or -1 for a region the generator never issues. */
export function countyIndex(regionCode: string): number {
  return INDEX_BY_CODE.get(regionCode) ?? -1;
}

const INDEX_BY_CODE = new Map(SEED_COUNTIES.map((c) => [c.code, c.index]));
