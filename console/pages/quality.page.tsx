// Data-quality issues positioned province -> county -> village -> household, each level a drill of the one above.
import { Breadcrumb, Card, Table, type TableColumnsType } from 'antd';
import { useContext, useMemo } from 'react';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { LocaleContext } from '../i18n';
import { Link, useLocation } from '../router';
import { provinceName } from '../regions';

const SUMMARY = `query Summary { dataQualitySummary { provinceCode open } }`;

const ISSUES = `query Issues($filter: DataQualityIssueFilter, $first: Int) { dataQualityIssues(filter: $filter, first: $first) {
  edges { node { id provinceCode countyCode villageCode registryNo ruleCode field message memberName idNumber severity } }
  pageInfo { hasNextPage } } }`;

/** How many open issues a level sums over (a page of the API; the footer says when there are more). */
const SAMPLE = 500;

export interface Issue {
  id: string;
  provinceCode: string;
  countyCode: string;
  villageCode: string | null;
  registryNo: string | null;
  ruleCode: string;
  field: string;
  message: string;
  memberName: string | null;
}

type Level = { province?: string; county?: string; village?: string };

export function QualityPage() {
  const { t, locale } = useContext(LocaleContext);
  const { query } = useLocation();
  const at: Level = { province: query.get('province') ?? undefined, county: query.get('county') ?? undefined, village: query.get('village') ?? undefined };
  const crumbs = [
    { title: <Link to="/quality">{t('common.all')}</Link> },
    ...(at.province ? [{ title: <Link to={`/quality?province=${at.province}`}>{provinceName(at.province, locale)}</Link> }] : []),
    ...(at.county ? [{ title: <Link to={`/quality?province=${at.province}&county=${at.county}`}>{at.county}</Link> }] : []),
    ...(at.village ? [{ title: at.village }] : []),
  ];
  return (
    <Card title={t('quality.title')}>
      <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} />
      {at.village ? <VillageIssues village={at.village} /> : at.province ? <AreaCounts at={at} /> : <ProvinceCounts />}
    </Card>
  );
}

type Count = { code: string; issues: number };

type CountTableProps = { rows: Count[]; title: string; link: (code: string) => string; name?: (code: string) => string; footer?: string };

function CountTable({ rows, title, link, name, footer }: CountTableProps) {
  const { t } = useContext(LocaleContext);
  const columns: TableColumnsType<Count> = [
    { title, dataIndex: 'code', render: (c: string) => <Link to={link(c)}>{name ? name(c) : c}</Link> },
    { title: t('quality.issues'), dataIndex: 'issues', align: 'right' },
  ];
  return <Table<Count> size="small" rowKey="code" columns={columns} dataSource={rows} footer={footer ? () => footer : undefined} />;
}

function ProvinceCounts() {
  const { t, locale } = useContext(LocaleContext);
  const q = useQuery<{ dataQualitySummary: Array<{ provinceCode: string; open: number }> }>(SUMMARY, {});
  const rows = useMemo(
    () =>
      countBy(
        q.data?.dataQualitySummary ?? [],
        (r) => r.provinceCode,
        (r) => r.open,
      ),
    [q.data],
  );
  if (q.error) return <ApiErrorView error={q.error} />;
  return <CountTable rows={rows} title={t('common.province')} link={(c) => `/quality?province=${c}`} name={(c) => provinceName(c, locale)} />;
}

function AreaCounts({ at }: { at: Level }) {
  const { t } = useContext(LocaleContext);
  const filter = at.county ? { countyCode: at.county } : { provinceCode: at.province };
  const q = useQuery<{ dataQualityIssues: { edges: Array<{ node: Issue }>; pageInfo: { hasNextPage: boolean } } }>(ISSUES, { filter, first: SAMPLE });
  const issues = q.data?.dataQualityIssues.edges.map((e) => e.node) ?? [];
  const rows = countBy(
    issues,
    (i) => (at.county ? (i.villageCode ?? '—') : i.countyCode),
    () => 1,
  );
  if (q.error) return <ApiErrorView error={q.error} />;
  const link = (c: string) =>
    at.county ? `/quality?province=${at.province}&county=${at.county}&village=${c}` : `/quality?province=${at.province}&county=${c}`;
  const footer = q.data?.dataQualityIssues.pageInfo.hasNextPage ? t('quality.sampled', { n: SAMPLE }) : undefined;
  return <CountTable rows={rows} title={at.county ? t('common.village') : t('common.county')} link={link} footer={footer} />;
}

function VillageIssues({ village }: { village: string }) {
  const { t } = useContext(LocaleContext);
  const q = useQuery<{ dataQualityIssues: { edges: Array<{ node: Issue }> } }>(ISSUES, { filter: { villageCode: village }, first: SAMPLE });
  if (q.error) return <ApiErrorView error={q.error} />;
  const columns: TableColumnsType<Issue> = [
    { title: t('quality.household'), dataIndex: 'registryNo', render: (no: string | null) => (no ? <Link to={`/households/${no}`}>{no}</Link> : '—') },
    { title: t('quality.member'), dataIndex: 'memberName' },
    { title: t('quality.rule'), dataIndex: 'ruleCode' },
    { title: t('quality.field'), dataIndex: 'field' },
    { title: t('quality.message'), dataIndex: 'message' },
  ];
  const rows = q.data?.dataQualityIssues.edges.map((e) => e.node) ?? [];
  return <Table<Issue> size="small" rowKey="id" columns={columns} dataSource={rows} loading={q.loading} />;
}

function countBy<R>(rows: R[], key: (r: R) => string, n: (r: R) => number): Count[] {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + n(r));
  return [...out].map(([code, issues]) => ({ code, issues })).sort((a, b) => a.code.localeCompare(b.code));
}
