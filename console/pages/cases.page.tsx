// A province's work queue of discrepancy cases (filter by kind, county, age, status; resolve), a ministry's read-only view.
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useContext, useEffect, useState } from 'react';
import type { ApiError } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { showFieldErrors } from '../components/field-errors';
import { LocaleContext, useLabel } from '../i18n';
import { Link } from '../router';
import { SessionContext, canResolve } from '../session-context';
import { ResolveDialog } from './resolve.dialog';

const CASES = `query Cases($filter: DiscrepancyFilter, $after: String) { discrepancies(filter: $filter, first: 50, after: $after) {
  edges { node { id kind sector idNumber registryNo countyCode provinceCode openedAt raisedBy status resolvedBy note dismissalReason } }
  pageInfo { endCursor hasNextPage } } }`;

export const KINDS = [
  'NAME_MISMATCH',
  'BIRTHDATE_MISMATCH',
  'DECEASED_BUT_ACTIVE',
  'MOVED_BUT_ACTIVE',
  'SCHOOL_AGE_NOT_ENROLLED',
  'SCHOOL_STATUS_STALE',
  'NOT_MEDICALLY_INSURED',
  'HEALTH_STATUS_STALE',
  'DISABILITY_NOT_RECORDED',
  'DISABILITY_LEVEL_MISMATCH',
  'UNSAFE_HOUSING_UNRECORDED',
  'HOUSING_STATUS_STALE',
  'ALLOWANCE_STATUS_STALE',
  'PUBLIC_SECTOR_EMPLOYEE',
  'INCOME_ABOVE_LINE',
];

export interface Case {
  id: string;
  kind: string;
  sector: string;
  idNumber: string;
  registryNo: string | null;
  countyCode: string;
  openedAt: string;
  raisedBy: string;
  status: string;
}

type Filter = { kind?: string; countyCode?: string; minAgeDays?: number; maxAgeDays?: number; status?: string };
type Page = { discrepancies: { edges: Array<{ node: Case }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };

export function CasesPage() {
  const { t } = useContext(LocaleContext);
  const { user } = useContext(SessionContext);
  const [filter, setFilter] = useState<Filter>({ status: 'OPEN' });
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [resolving, setResolving] = useState<Case | null>(null);
  const q = useQuery<Page>(CASES, { filter: clean(filter), after: cursors[cursors.length - 1] });
  const columns = useCaseColumns(canResolve(user) ? setResolving : null);
  const rows = q.data?.discrepancies.edges.map((e) => e.node) ?? [];
  const next = q.data?.discrepancies.pageInfo;
  return (
    <Card title={t('cases.title')}>
      {user?.tenant.kind === 'MINISTRY' && <Alert type="info" title={t('cases.readOnly')} style={{ marginBottom: 12 }} />}
      <CaseFilters error={q.error} onSearch={(f) => (setFilter(f), setCursors([null]))} />
      {q.error && !q.error.fields.length ? (
        <ApiErrorView error={q.error} />
      ) : (
        <Table<Case> size="small" rowKey="id" columns={columns} dataSource={rows} loading={q.loading} pagination={false} />
      )}
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          ‹
        </Button>
        <Button disabled={!next?.hasNextPage} onClick={() => setCursors([...cursors, next!.endCursor])}>
          ›
        </Button>
      </Space>
      {resolving && <ResolveDialog item={resolving} onClose={(done) => (setResolving(null), done && q.reload())} />}
    </Card>
  );
}

function clean(f: Filter): Filter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== 'ALL'));
}

function CaseFilters({ error, onSearch }: { error: ApiError | null; onSearch: (f: Filter) => void }) {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  const [form] = Form.useForm<Filter>();
  useEffect(() => {
    if (error?.fields.length) showFieldErrors(form, error, ['kind', 'countyCode', 'minAgeDays', 'maxAgeDays', 'status']);
  }, [error, form]);
  const statuses = ['ALL', 'OPEN', 'CONFIRMED', 'CORRECTED', 'DISMISSED'].map((s) => ({ value: s, label: s === 'ALL' ? t('common.all') : label('case', s) }));
  return (
    <Form form={form} layout="inline" initialValues={{ status: 'OPEN' }} onFinish={onSearch} style={{ marginBottom: 12, rowGap: 8 }}>
      <Form.Item name="kind" label={t('cases.kind')}>
        <Select allowClear showSearch style={{ width: 240 }} options={KINDS.map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item name="countyCode" label={t('common.county')}>
        <Input style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="minAgeDays" label={t('cases.minAge')}>
        <InputNumber min={0} />
      </Form.Item>
      <Form.Item name="maxAgeDays" label={t('cases.maxAge')}>
        <InputNumber min={0} />
      </Form.Item>
      <Form.Item name="status" label={t('common.status')}>
        <Select style={{ width: 120 }} options={statuses} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('common.search')}
      </Button>
    </Form>
  );
}

function useCaseColumns(onResolve: ((c: Case) => void) | null): TableColumnsType<Case> {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  return [
    { title: t('cases.kind'), dataIndex: 'kind' },
    { title: t('jobs.sector'), dataIndex: 'sector' },
    { title: t('batch.idNumber'), dataIndex: 'idNumber' },
    { title: t('quality.household'), dataIndex: 'registryNo', render: (no: string | null) => (no ? <Link to={`/households/${no}`}>{no}</Link> : '—') },
    { title: t('common.county'), dataIndex: 'countyCode' },
    { title: t('cases.opened'), dataIndex: 'openedAt', render: (d: string) => d.slice(0, 10) },
    { title: t('cases.raisedBy'), dataIndex: 'raisedBy' },
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{label('case', s)}</Tag> },
    ...(onResolve
      ? [
          {
            title: '',
            key: 'resolve',
            render: (_: unknown, c: Case) =>
              c.status === 'OPEN' || c.status === 'CONFIRMED' ? (
                <Button size="small" onClick={() => onResolve(c)}>
                  {t('cases.resolve')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
}
