// The overview's figures shaped for ECharts and its tables: pure functions of the API's rows.
import type { ChartOption } from '../components/chart';

export const STATUSES = ['POOR', 'EXITED', 'RETURNED', 'REMOVED'] as const;

export interface StatRow {
  provinceCode: string | null;
  countyCode: string | null;
  status: string | null;
  households: number;
  people: number;
}

/** One row per area with a column per status, in area order. */
export interface AreaRow {
  area: string;
  total: number;
  byStatus: Record<string, number>;
}

export function areaRows(rows: StatRow[], byCounty: boolean): AreaRow[] {
  const out = new Map<string, AreaRow>();
  for (const r of rows) {
    const area = (byCounty ? r.countyCode : r.provinceCode) ?? '—';
    const row = out.get(area) ?? { area, total: 0, byStatus: {} };
    row.byStatus[r.status ?? '—'] = (row.byStatus[r.status ?? '—'] ?? 0) + r.households;
    row.total += r.households;
    out.set(area, row);
  }
  return [...out.values()].sort((a, b) => a.area.localeCompare(b.area));
}

export function stackedBars(categories: string[], series: Array<{ name: string; data: number[] }>): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 48 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', stack: 'total', name: s.name, data: s.data })),
  };
}

export function bars(categories: string[], name: string, data: Array<number | null>, percent = false): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 8 ? 40 : 0 } },
    yAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value' },
    series: [{ type: 'bar', name, data }],
  };
}

export function lines(categories: string[], series: Array<{ name: string; data: number[] }>): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.data })),
  };
}

export interface YearRow {
  year: number;
  identified: number;
  exited: number;
}

export function yearRows(
  identified: Array<{ identifiedYear: number | null; households: number }>,
  exited: Array<{ exitYear: number | null; households: number }>,
) {
  const out = new Map<number, YearRow>();
  const at = (year: number) => out.get(year) ?? out.set(year, { year, identified: 0, exited: 0 }).get(year)!;
  for (const r of identified) if (r.identifiedYear !== null) at(r.identifiedYear).identified += r.households;
  for (const r of exited) if (r.exitYear !== null) at(r.exitYear).exited += r.households;
  return [...out.values()].sort((a, b) => a.year - b.year);
}

export interface RuleRow {
  rule: string;
  kind: string;
  open: number;
  fixed: number;
}

export function ruleRows(rows: RuleRow[]): RuleRow[] {
  const out = new Map<string, RuleRow>();
  for (const r of rows) {
    const row = out.get(r.rule) ?? { rule: r.rule, kind: r.kind, open: 0, fixed: 0 };
    row.open += r.open;
    row.fixed += r.fixed;
    out.set(r.rule, row);
  }
  return [...out.values()].sort((a, b) => b.open - a.open);
}

/** Age buckets of open cases, in days since opening. */
export const AGE_BUCKETS = [
  { label: '0-7', max: 7 },
  { label: '8-30', max: 30 },
  { label: '31-90', max: 90 },
  { label: '91-365', max: 365 },
  { label: '>365', max: Infinity },
];

export function ageRows(openedAt: string[], now = Date.now()): Array<{ age: string; count: number }> {
  const counts = AGE_BUCKETS.map((b) => ({ age: b.label, count: 0 }));
  for (const at of openedAt) {
    const days = Math.floor((now - Date.parse(at)) / 86_400_000);
    counts[AGE_BUCKETS.findIndex((b) => days <= b.max)].count++;
  }
  return counts;
}
