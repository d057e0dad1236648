/**
 * Upload templates of each sector (`GET /templates/{sector}.csv|.xlsx`). The
 * columns come from the parser's own fields and the sector's attribute
 * definitions, so a template cannot ask for a column the upload does not read.
 */
import ExcelJS from 'exceljs';
import { ID_CHECK_CHARACTERS, ID_CHECK_WEIGHTS } from '../id-number/id-number';
import { Sector } from '../tenants/tenant.enums';
import { TEXT_FIELDS, type TextField } from './record-line.parser';
import { type AttributeType, SECTOR_ATTRIBUTES } from './sector-attributes';

/** One column of a template, as the "Columns" sheet explains it. */
export interface TemplateColumn {
  name: string;
  required: boolean;
  type: Bilingual;
  /** The values an enum or a boolean takes; empty for any other type. */
  allowed: readonly string[];
  description: Bilingual;
  /** The example row's value (synthetic). */
  example: string;
}

interface Bilingual {
  zh: string;
  en: string;
}

interface Label {
  description: Bilingual;
  example: string;
}

/**
 * A fictitious person: region 110101, born 1990-01-01, sequence 999, with the
 * check character computed, so it passes validation yet names no one on purpose.
 */
export const EXAMPLE_ID_NUMBER = withCheckCharacter('11010119900101999');
export const EXAMPLE_NAME = '测试样例';

/** The record's own fields; a Record over TextField, so a field added to the parser must be described here. */
const FIELD_LABELS: Readonly<Record<TextField, Label & { required: boolean; type: Bilingual }>> = {
  idNumber: {
    required: true,
    type: { zh: '身份证号码（18位，或旧版15位）', en: 'resident ID number (18 characters, or 15 in the old form)' },
    description: { zh: '公民身份号码', en: 'The person’s resident ID number' },
    example: EXAMPLE_ID_NUMBER,
  },
  name: {
    required: true,
    type: { zh: '文本', en: 'text' },
    description: { zh: '姓名', en: 'The person’s name' },
    example: EXAMPLE_NAME,
  },
  birthDate: {
    required: false,
    type: { zh: '日期 YYYY-MM-DD', en: 'date YYYY-MM-DD' },
    description: { zh: '出生日期；不填则取身份证号码中的日期', en: 'Date of birth; when empty, the one inside the ID number' },
    example: '1990-01-01',
  },
  regionCode: {
    required: false,
    type: { zh: '6位数字', en: '6 digits' },
    description: { zh: '县级行政区划代码；不填则取身份证号码中的代码', en: 'County code (GB/T 2260); when empty, the one inside the ID number' },
    example: '110101',
  },
};

/** What each sector attribute means; one missing falls back to its name and a typed example (a unit test requires them all). */
export const ATTRIBUTE_LABELS: Readonly<Record<Sector, Readonly<Record<string, Label>>>> = {
  [Sector.CIVIL_REGISTRATION]: {
    status: { description: { zh: '户籍状态', en: 'Civil registration status' }, example: 'ACTIVE' },
    eventDate: { description: { zh: '状态变更日期', en: 'Date of the status change' }, example: '2026-01-15' },
  },
  [Sector.EDUCATION]: {
    enrolled: { description: { zh: '是否在读', en: 'Enrolled in school' }, example: 'true' },
    school: { description: { zh: '学校名称', en: 'School' }, example: '示例县第一小学' },
    grade: { description: { zh: '年级', en: 'Grade' }, example: '三年级' },
  },
  [Sector.HEALTH]: {
    insured: { description: { zh: '是否参加医疗保险', en: 'Medically insured' }, example: 'true' },
    seriousIllness: { description: { zh: '是否患大病', en: 'Has a serious illness' }, example: 'false' },
  },
  [Sector.DISABILITY]: {
    certificateNo: { description: { zh: '残疾人证号', en: 'Disability certificate number' }, example: 'SAMPLE-0001' },
    level: { description: { zh: '残疾等级（1至4级）', en: 'Disability level (1 to 4)' }, example: '2' },
    category: { description: { zh: '残疾类别', en: 'Disability category' }, example: '肢体' },
  },
  [Sector.HOUSING]: {
    dilapidationGrade: { description: { zh: '危房等级', en: 'Dilapidation grade' }, example: 'C' },
    renovated: { description: { zh: '是否已改造', en: 'Renovated' }, example: 'true' },
    renovatedYear: { description: { zh: '改造年份', en: 'Year of the renovation' }, example: '2019' },
  },
  [Sector.MINIMUM_LIVING]: {
    monthlyAmount: { description: { zh: '每月低保金额（元）', en: 'Monthly minimum living allowance (yuan)' }, example: '680.00' },
    since: { description: { zh: '开始享受日期', en: 'Receiving since' }, example: '2020-03-01' },
  },
  [Sector.EMPLOYMENT]: {
    employerType: { description: { zh: '就业单位类型', en: 'Type of employer' }, example: 'ENTERPRISE' },
    annualWage: { description: { zh: '年工资收入（元）', en: 'Annual wage (yuan)' }, example: '36000' },
  },
};

/** The columns of a sector's template: the record's fields, then the sector's attributes, each a column of its own. */
export function templateColumns(sector: Sector): TemplateColumn[] {
  const fields = TEXT_FIELDS.map((name) => {
    const { required, type, description, example } = FIELD_LABELS[name];
    return { name, required, type, allowed: [], description, example };
  });
  const attributes = Object.entries(SECTOR_ATTRIBUTES[sector]).map(([name, type]) => {
    const label = ATTRIBUTE_LABELS[sector][name] as Label | undefined;
    return {
      name,
      required: false,
      type: typeText(type),
      allowed: allowedValues(type),
      description: label?.description ?? { zh: name, en: name },
      example: label?.example ?? exampleOf(type),
    };
  });
  return [...fields, ...attributes];
}

function typeText(type: AttributeType): Bilingual {
  switch (type.kind) {
    case 'boolean':
      return { zh: '是否（true 或 false）', en: 'true or false' };
    case 'string':
      return { zh: `文本，最多${type.max}个字符`, en: `text of at most ${type.max} characters` };
    case 'number':
      return { zh: `数字，不小于${type.min}`, en: `number of at least ${type.min}` };
    case 'integer':
      return { zh: `整数，${type.min}至${type.max}`, en: `whole number from ${type.min} to ${type.max}` };
    case 'date':
      return { zh: '日期 YYYY-MM-DD', en: 'date YYYY-MM-DD' };
    case 'enum':
      return { zh: '取值之一（见允许值）', en: 'one of the allowed values' };
  }
}

function allowedValues(type: AttributeType): readonly string[] {
  if (type.kind === 'boolean') return ['true', 'false'];
  return type.kind === 'enum' ? type.values : [];
}

function exampleOf(type: AttributeType): string {
  switch (type.kind) {
    case 'boolean':
      return 'true';
    case 'string':
      return 'SAMPLE';
    case 'number':
    case 'integer':
      return String(type.min);
    case 'date':
      return '2026-01-01';
    case 'enum':
      return type.values[0];
  }
}

const BOM = '\uFEFF';

/** The CSV template: UTF-8 with a BOM (so Excel on Chinese Windows reads it as UTF-8), the header and the example row, CRLF. */
export function csvTemplate(sector: Sector): string {
  const columns = templateColumns(sector);
  const line = (cells: string[]) => cells.map(csvCell).join(',') + '\r\n';
  return BOM + line(columns.map((c) => c.name)) + line(columns.map((c) => c.example));
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The name of the workbook's second sheet ("/" may not stand in a sheet name). */
export const COLUMNS_SHEET = '说明 Columns';
export const RECORDS_SHEET = '记录 Records';

/** The XLSX template: sheet 1 the header and the example row (every cell text, so Excel keeps the ID's 18 digits), sheet 2 the columns explained. */
export async function xlsxTemplate(sector: Sector): Promise<Buffer> {
  const columns = templateColumns(sector);
  const book = new ExcelJS.Workbook();
  const records = book.addWorksheet(RECORDS_SHEET);
  records.columns = columns.map((c) => ({ key: c.name, width: Math.max(12, c.example.length + 4), style: { numFmt: '@' } }));
  records.addRow(columns.map((c) => c.name)).font = { bold: true };
  records.addRow(columns.map((c) => c.example));
  const help = book.addWorksheet(COLUMNS_SHEET);
  help.columns = [
    { header: '列名 Column', width: 20 },
    { header: '必填 Required', width: 14 },
    { header: '类型 Type', width: 48 },
    { header: '允许值 Allowed values', width: 40 },
    { header: '说明', width: 36 },
    { header: 'Description', width: 48 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow([c.name, c.required ? '是 yes' : '否 no', `${c.type.zh} / ${c.type.en}`, c.allowed.join(' | '), c.description.zh, c.description.en]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function withCheckCharacter(first17: string): string {
  const sum = ID_CHECK_WEIGHTS.reduce((s, w, i) => s + w * (first17.charCodeAt(i) - 48), 0);
  return first17 + ID_CHECK_CHARACTERS[sum % 11];
}
