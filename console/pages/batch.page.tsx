// One batch: its outcome counts (chart and figures) and its records with their matched member.
import { Card, Col, Row, Segmented, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useContext, useMemo, useState } from 'react';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { Chart } from '../components/chart';
import { LocaleContext, useLabel } from '../i18n';

const BATCH = `query Batch($id: ID!) { sectorBatch(id: $id) {
  id tenantCode sector period status totalRecords processedRecords matched probable unmatched invalid discrepancies error } }`;

// MATCH_SCORE puts PROBABLE records first, highest score first, then the rest in row order.
const RECORDS = `query Records($id: ID!, $outcome: MatchOutcome, $orderBy: BatchRecordOrder) {
  batchRecords(batchId: $id, outcome: $outcome, orderBy: $orderBy, first: 100) {
  edges { node { rowNo idNumber outcome reason discrepancyKinds matchScore member { name idNumber } } } } }`;

const OUTCOMES = ['MATCHED', 'PROBABLE', 'UNMATCHED', 'INVALID'] as const;

type Batch = Record<'matched' | 'probable' | 'unmatched' | 'invalid' | 'discrepancies' | 'totalRecords', number> & {
  id: string;
  tenantCode: string;
  sector: string;
  period: string;
  status: string;
  error: string | null;
};

type BatchRecord = {
  rowNo: number;
  idNumber: string;
  outcome: string;
  reason: string | null;
  discrepancyKinds: string[];
  matchScore: number | null;
  member: { name: string | null } | null;
};

export function BatchPage({ id }: { id: string }) {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  const q = useQuery<{ sectorBatch: Batch | null }>(BATCH, { id }, { pollMs: 3000 });
  const b = q.data?.sectorBatch;
  const option = useMemo(
    () =>
      b && {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['35%', '65%'], data: OUTCOMES.map((o) => ({ name: label('outcome', o), value: b[o.toLowerCase() as 'matched'] })) }],
      },
    [b, label],
  );
  if (q.error) return <ApiErrorView error={q.error} />;
  if (!b) return <Card loading={q.loading} />;
  return (
    <Card title={t('batch.title', { id: b.id })} extra={`${b.tenantCode} · ${b.sector} · ${b.period} · ${label('batchStatus', b.status)}`}>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          {option && <Chart option={option} label={t('batch.outcome')} height={240} />}
        </Col>
        <Col xs={24} md={14}>
          <Row gutter={[16, 16]}>
            {OUTCOMES.map((o) => (
              <Col span={8} key={o}>
                <Statistic title={label('outcome', o)} value={b[o.toLowerCase() as 'matched']} />
              </Col>
            ))}
            <Col span={8}>
              <Statistic title={t('batch.kinds')} value={b.discrepancies} />
            </Col>
          </Row>
        </Col>
      </Row>
      <Records id={id} probable={b.probable} />
    </Card>
  );
}

/** A score in [0, 1] as a percentage; PROBABLE scores crowd near 100 %, so two decimals tell them apart. */
const percent = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(2)}%`);

/** The records, by match score when the batch has PROBABLE ones (the reader may switch to row order), else by row. */
function Records({ id, probable }: { id: string; probable: number }) {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  const [outcome, setOutcome] = useState<string>('ALL');
  const [orderBy, setOrderBy] = useState<string>(probable > 0 ? 'MATCH_SCORE' : 'ROW_NO');
  const q = useQuery<{ batchRecords: { edges: Array<{ node: BatchRecord }> } | null }>(RECORDS, { id, outcome: outcome === 'ALL' ? null : outcome, orderBy });
  const rows = q.data?.batchRecords?.edges.map((e) => e.node) ?? [];
  const columns: TableColumnsType<BatchRecord> = [
    { title: t('batch.row'), dataIndex: 'rowNo' },
    { title: t('batch.idNumber'), dataIndex: 'idNumber' },
    { title: t('batch.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag>{label('outcome', o)}</Tag> },
    { title: t('batch.score'), dataIndex: 'matchScore', render: (s: number | null) => <span data-score={s ?? ''}>{percent(s)}</span> },
    { title: t('batch.member'), key: 'member', render: (_, r) => r.member?.name ?? '—' },
    { title: t('batch.reason'), dataIndex: 'reason' },
    { title: t('batch.kinds'), key: 'kinds', render: (_, r) => r.discrepancyKinds.join(', ') },
  ];
  const options = [{ label: t('common.all'), value: 'ALL' }, ...OUTCOMES.map((o) => ({ label: label('outcome', o), value: o }))];
  const orders = [
    { label: t('batch.byScore'), value: 'MATCH_SCORE' },
    { label: t('batch.byRow'), value: 'ROW_NO' },
  ];
  const order = <Segmented aria-label={t('batch.order')} data-testid="record-order" options={orders} value={orderBy} onChange={(v) => setOrderBy(String(v))} />;
  return (
    <Card type="inner" title={t('batch.records')} extra={order} style={{ marginTop: 16 }}>
      <Segmented options={options} value={outcome} onChange={(v) => setOutcome(String(v))} />
      {q.error ? <ApiErrorView error={q.error} /> : <Table<BatchRecord> size="small" rowKey="rowNo" columns={columns} dataSource={rows} loading={q.loading} />}
    </Card>
  );
}
