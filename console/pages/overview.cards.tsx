// The overview's other cards: years, data quality by rule, open cases by age, fund disbursement by area.
import { Button } from 'antd';
import { useContext, useMemo } from 'react';
import { useQuery } from '../api/use-query';
import { ChartCard } from '../components/chart-card';
import { LocaleContext } from '../i18n';
import { provinceName } from '../regions';
import { type RuleRow, type YearRow, ageRows, bars, lines, ruleRows, yearRows } from './overview.charts';

const YEARS = `query Years($filter: RegistryStatsFilter) {
  identified: registryStats(filter: $filter, groupBy: [IDENTIFIED_YEAR]) { identifiedYear households }
  exited: registryStats(filter: $filter, groupBy: [EXIT_YEAR]) { exitYear households } }`;

const QUALITY = `query Quality($province: String) { dataQualitySummary(provinceCode: $province) { rule kind open fixed } }`;

const OPEN_CASES = `query OpenCases { discrepancies(filter: { status: OPEN }, first: 500) { edges { node { openedAt } } } }`;

const FUNDS = `query Funds($filter: FundStatsFilter, $groupBy: [FundDimension!]!) {
  fundStats(filter: $filter, groupBy: $groupBy) { provinceCode countyCode allocated disbursed disbursementRate } }`;

type Area = { province: string | null };

export function YearsCard({ province }: Area) {
  const { t } = useContext(LocaleContext);
  type Answer = { identified: Array<{ identifiedYear: number | null; households: number }>; exited: Array<{ exitYear: number | null; households: number }> };
  const q = useQuery<Answer>(YEARS, { filter: province ? { provinceCode: province } : null }, { cached: true });
  const rows = useMemo(() => (q.data ? yearRows(q.data.identified, q.data.exited) : []), [q.data]);
  const option = useMemo(
    () =>
      q.data
        ? lines(
            rows.map((r) => String(r.year)),
            [
              { name: t('overview.identified'), data: rows.map((r) => r.identified) },
              { name: t('overview.exited'), data: rows.map((r) => r.exited) },
            ],
          )
        : null,
    [q.data, rows, t],
  );
  const columns = [
    { title: t('common.year'), dataIndex: 'year' },
    { title: t('overview.identified'), dataIndex: 'identified', align: 'right' as const },
    { title: t('overview.exited'), dataIndex: 'exited', align: 'right' as const },
  ];
  return (
    <ChartCard<YearRow>
      title={t('overview.years')}
      loading={q.loading}
      error={q.error}
      option={option}
      rows={rows}
      columns={columns}
      rowKey={(r) => String(r.year)}
    />
  );
}

export function QualityCard({ province }: Area) {
  const { t } = useContext(LocaleContext);
  const q = useQuery<{ dataQualitySummary: RuleRow[] }>(QUALITY, { province }, { cached: true });
  const rows = useMemo(() => ruleRows(q.data?.dataQualitySummary ?? []), [q.data]);
  const option = useMemo(
    () =>
      q.data
        ? bars(
            rows.map((r) => r.rule),
            t('overview.open'),
            rows.map((r) => r.open),
          )
        : null,
    [q.data, rows, t],
  );
  const columns = [
    { title: t('overview.rule'), dataIndex: 'rule' },
    { title: 'kind', dataIndex: 'kind' },
    { title: t('overview.open'), dataIndex: 'open', align: 'right' as const },
    { title: t('overview.fixed'), dataIndex: 'fixed', align: 'right' as const },
  ];
  return (
    <ChartCard<RuleRow>
      title={t('overview.quality')}
      loading={q.loading}
      error={q.error}
      option={option}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.rule}
    />
  );
}

export function CasesCard() {
  const { t } = useContext(LocaleContext);
  const q = useQuery<{ discrepancies: { edges: Array<{ node: { openedAt: string } }> } }>(OPEN_CASES, {}, { cached: true });
  const opened = useMemo(() => q.data?.discrepancies.edges.map((e) => e.node.openedAt) ?? [], [q.data]);
  const rows = useMemo(() => ageRows(opened), [opened]);
  const option = useMemo(
    () =>
      q.data
        ? bars(
            rows.map((r) => r.age),
            t('common.count'),
            rows.map((r) => r.count),
          )
        : null,
    [q.data, rows, t],
  );
  const columns = [
    { title: t('overview.age'), dataIndex: 'age' },
    { title: t('common.count'), dataIndex: 'count', align: 'right' as const },
  ];
  const footer = t('overview.casesNote', { n: opened.length });
  return (
    <ChartCard
      title={t('overview.cases')}
      loading={q.loading}
      error={q.error}
      option={option}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.age}
      footer={footer}
    />
  );
}

type FundRow = { provinceCode: string | null; countyCode: string | null; allocated: string; disbursed: string; disbursementRate: number | null };

export function FundsCard({ province, onDrill }: Area & { onDrill: (code: string | null) => void }) {
  const { t, locale } = useContext(LocaleContext);
  const vars = province ? { filter: { provinceCode: province }, groupBy: ['COUNTY'] } : { filter: null, groupBy: ['PROVINCE'] };
  const q = useQuery<{ fundStats: FundRow[] }>(FUNDS, vars, { cached: true });
  const rows = q.data?.fundStats ?? [];
  const area = (r: FundRow) => (province ? (r.countyCode ?? '—') : provinceName(r.provinceCode, locale));
  const option = useMemo(() => (q.data ? bars(rows.map(area), t('overview.rate'), rows.map(ratePercent), true) : null), [q.data, locale]);
  const columns = [
    { title: province ? t('common.county') : t('common.province'), key: 'area', render: (_: unknown, r: FundRow) => area(r) },
    { title: t('overview.allocated'), dataIndex: 'allocated', align: 'right' as const },
    { title: t('overview.disbursed'), dataIndex: 'disbursed', align: 'right' as const },
    {
      title: t('overview.rate'),
      key: 'rate',
      align: 'right' as const,
      render: (_: unknown, r: FundRow) => (r.disbursementRate === null ? '—' : `${ratePercent(r)}%`),
    },
  ];
  const title = province ? t('overview.fundsCounty', { p: provinceName(province, locale) }) : t('overview.funds');
  const back = province ? <Button onClick={() => onDrill(null)}>{t('common.back')}</Button> : t('overview.drillHint');
  const pick = (name: string) => !province && onDrill(rows.find((r) => area(r) === name)?.provinceCode ?? null);
  return (
    <ChartCard<FundRow>
      title={title}
      extra={back}
      loading={q.loading}
      error={q.error}
      option={option}
      rows={rows}
      columns={columns}
      rowKey={area}
      onPick={pick}
    />
  );
}

function ratePercent(r: FundRow): number | null {
  return r.disbursementRate === null ? null : Math.round(r.disbursementRate * 1000) / 10;
}
