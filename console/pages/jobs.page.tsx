// LGOP's reconciliation jobs: every batch with its progress (polled), records/s, ETA, retry and cancel.
import { App, Button, Card, Progress, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useContext } from 'react';
import { ApiError, gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { LocaleContext, type Translate, useLabel } from '../i18n';
import { Link } from '../router';
import { SessionContext } from '../session-context';

const POLL_MS = 2000;

const JOBS = `query Jobs { reconciliationJobs(first: 50) { edges { node {
  jobState progress recordsPerSecond attempts durationSeconds failureReason
  batch { id tenantCode sector period status totalRecords processedRecords } } } } }`;

const RETRY = `mutation Retry($id: ID!) { retryBatch(id: $id) { id status } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelBatch(id: $id) { id status } }`;

export interface Job {
  jobState: string;
  progress: number;
  recordsPerSecond: number | null;
  attempts: number;
  failureReason: string | null;
  batch: { id: string; tenantCode: string; sector: string; period: string; status: string; totalRecords: number; processedRecords: number };
}

/** Seconds left at the current rate; null when not running or no rate yet. */
export function etaSeconds(job: Job): number | null {
  if (job.batch.status !== 'RUNNING' || !job.recordsPerSecond) return null;
  return Math.max(0, Math.round((job.batch.totalRecords - job.batch.processedRecords) / job.recordsPerSecond));
}

export function JobsPage() {
  const { t } = useContext(LocaleContext);
  const q = useQuery<{ reconciliationJobs: { edges: Array<{ node: Job }> } }>(JOBS, {}, { pollMs: POLL_MS });
  const columns = useJobColumns(q.reload);
  if (q.error) return <ApiErrorView error={q.error} />;
  const rows = q.data?.reconciliationJobs.edges.map((e) => e.node) ?? [];
  return (
    <Card title={t('jobs.title')} extra={t('jobs.polling', { s: POLL_MS / 1000 })}>
      <Table<Job> size="small" rowKey={(j) => j.batch.id} columns={columns} dataSource={rows} loading={!q.data && q.loading} pagination={{ pageSize: 20 }} />
    </Card>
  );
}

function useJobColumns(reload: () => void): TableColumnsType<Job> {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  return [
    { title: t('jobs.batch'), key: 'id', render: (_, j) => <Link to={`/jobs/${j.batch.id}`}>{j.batch.id.slice(0, 8)}</Link> },
    { title: t('jobs.tenant'), key: 'tenant', render: (_, j) => j.batch.tenantCode },
    { title: t('jobs.sector'), key: 'sector', render: (_, j) => j.batch.sector },
    { title: t('jobs.period'), key: 'period', render: (_, j) => j.batch.period },
    { title: t('common.status'), key: 'status', render: (_, j) => <Tag>{label('batchStatus', j.batch.status)}</Tag> },
    {
      title: t('jobs.progress'),
      key: 'progress',
      width: 180,
      render: (_, j) => <Progress percent={Math.round(j.progress * 100)} size="small" aria-label={`${t('jobs.progress')} ${j.batch.id}`} />,
    },
    { title: t('jobs.rate'), key: 'rate', align: 'right', render: (_, j) => <span data-rate>{formatRate(j.recordsPerSecond)}</span> },
    { title: t('jobs.eta'), key: 'eta', align: 'right', render: (_, j) => <span data-eta>{formatEta(etaSeconds(j))}</span> },
    { title: t('jobs.attempts'), dataIndex: 'attempts', align: 'right' },
    { title: t('jobs.actions'), key: 'actions', render: (_, j) => <JobActions job={j} reload={reload} t={t} /> },
  ];
}

/** A slow batch's rate keeps a decimal: a rounded 0 records/s would read as a stalled one. */
export function formatRate(r: number | null): string {
  if (r === null) return '—';
  return r < 10 ? r.toFixed(1) : String(Math.round(r));
}

function formatEta(s: number | null): string {
  if (s === null) return '—';
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function JobActions({ job, reload, t }: { job: Job; reload: () => void; t: Translate }) {
  const { message } = App.useApp();
  const { user } = useContext(SessionContext);
  // retryBatch and cancelBatch are an admin's (a clerk's or viewer's call is refused by the hub).
  if (user?.role !== 'ADMIN') return null;
  const run = (mutation: string) =>
    gql(mutation, { id: job.batch.id }).then(reload, (err: unknown) => message.error(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)));
  const status = job.batch.status;
  return (
    <Space>
      {(status === 'FAILED' || status === 'CANCELLED') && (
        <Button size="small" onClick={() => run(RETRY)}>
          {t('jobs.retry')}
        </Button>
      )}
      {(status === 'QUEUED' || status === 'RUNNING' || status === 'RECEIVING') && (
        <Button size="small" danger onClick={() => run(CANCEL)}>
          {t('jobs.cancel')}
        </Button>
      )}
    </Space>
  );
}
