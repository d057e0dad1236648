// Overview: registry by area and status (province -> county), identifications and exits by year,
// data-quality issues by rule, open cases by age and fund disbursement by area; each chart with its table.
import { Button, Col, Row } from 'antd';
import { useContext, useMemo } from 'react';
import { useQuery } from '../api/use-query';
import { ChartCard } from '../components/chart-card';
import { LocaleContext } from '../i18n';
import { navigate, useLocation } from '../router';
import { provinceName } from '../regions';
import { STATUSES, type AreaRow, type StatRow, areaRows, stackedBars } from './overview.charts';
import { CasesCard, FundsCard, QualityCard, YearsCard } from './overview.cards';

const REGISTRY = `query Registry($filter: RegistryStatsFilter, $groupBy: [StatDimension!]!) {
  registryStats(filter: $filter, groupBy: $groupBy) { provinceCode countyCode status households people } }`;

export function OverviewPage() {
  const { query } = useLocation();
  const province = query.get('province');
  const drill = (code: string | null) => navigate(code ? `/?province=${code}` : '/');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <RegistryCard province={province} onDrill={drill} />
      </Col>
      <Col xs={24} xl={12}>
        <FundsCard province={province} onDrill={drill} />
      </Col>
      <Col xs={24} xl={12}>
        <YearsCard province={province} />
      </Col>
      <Col xs={24} xl={12}>
        <QualityCard province={province} />
      </Col>
      <Col xs={24} xl={12}>
        <CasesCard />
      </Col>
    </Row>
  );
}

export function areaLabel(code: string, locale: 'zh' | 'en'): string {
  return code.length === 2 ? provinceName(code, locale) : code;
}

function RegistryCard({ province, onDrill }: { province: string | null; onDrill: (code: string | null) => void }) {
  const { t, locale } = useContext(LocaleContext);
  const label = (s: string) => t(`status.${s}` as 'status.POOR');
  const vars = province ? { filter: { provinceCode: province }, groupBy: ['COUNTY', 'STATUS'] } : { groupBy: ['PROVINCE', 'STATUS'] };
  const q = useQuery<{ registryStats: StatRow[] }>(REGISTRY, vars, { cached: true });
  const rows = useMemo(() => areaRows(q.data?.registryStats ?? [], !!province), [q.data, province]);
  const option = useMemo(() => {
    if (!q.data) return null;
    const series = STATUSES.map((s) => ({ name: label(s), data: rows.map((r) => r.byStatus[s] ?? 0) }));
    return stackedBars(
      rows.map((r) => areaLabel(r.area, locale)),
      series,
    );
  }, [q.data, rows, locale]);
  const columns = [
    { title: province ? t('common.county') : t('common.province'), dataIndex: 'area', render: (a: string) => areaLabel(a, locale) },
    ...STATUSES.map((s) => ({ title: label(s), key: s, align: 'right' as const, render: (_: unknown, r: AreaRow) => r.byStatus[s] ?? 0 })),
    { title: t('common.total'), dataIndex: 'total', align: 'right' as const },
  ];
  const title = province ? t('overview.registryCounty', { p: provinceName(province, locale) }) : t('overview.registry');
  const back = province ? <Button onClick={() => onDrill(null)}>{t('common.back')}</Button> : t('overview.drillHint');
  const pick = (name: string) => !province && onDrill(rows.find((r) => areaLabel(r.area, locale) === name)?.area ?? null);
  return (
    <ChartCard
      title={title}
      extra={back}
      loading={q.loading}
      error={q.error}
      option={option}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.area}
      onPick={pick}
    />
  );
}
