// LGOP's audit: who was given a person's data, by ID number in any form (the API's accessHistory).
import { Alert, Button, Card, Form, Input, Table, type TableColumnsType } from 'antd';
import { useContext, useState } from 'react';
import { ApiError, gql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { showFieldErrors } from '../components/field-errors';
import { LocaleContext } from '../i18n';

const RECENT = `query Recent { auditLog(first: 20) { edges { node { id tenantCode staffUsername operation requestId createdAt } } } }`;

const HISTORY = `query History($idNumber: String!) { accessHistory(idNumber: $idNumber, first: 100) {
  edges { node { id tenantCode staffUsername operation requestId createdAt } } } }`;

type Entry = { id: string; tenantCode: string; staffUsername: string | null; operation: string; requestId: string | null; createdAt: string };

export function AuditPage() {
  const { t } = useContext(LocaleContext);
  const [form] = Form.useForm<{ idNumber: string }>();
  const [rows, setRows] = useState<Entry[] | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const search = async ({ idNumber }: { idNumber: string }) => {
    setFailure(null);
    setProblems([]);
    try {
      const data = await gql<{ accessHistory: { edges: Array<{ node: Entry }> } }>(HISTORY, { idNumber });
      setRows(data.accessHistory.edges.map((e) => e.node));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('INTERNAL', String(err), 0);
      if (e.code === 'BAD_USER_INPUT') setProblems(showFieldErrors(form, e, ['idNumber']));
      else setFailure(e);
    }
  };
  return (
    <Card title={t('audit.title')}>
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 12 }}>
        <Form.Item name="idNumber" label={t('audit.idNumber')} rules={[{ required: true, message: t('common.required') }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      {problems.length > 0 && <Alert type="error" title={problems.join('; ')} />}
      {failure ? <ApiErrorView error={failure} /> : rows ? <AuditTable rows={rows} /> : <RecentEntries />}
    </Card>
  );
}

/** The latest audited operations, until an ID number is asked for (and the API's answer to a non-LGOP caller). */
function RecentEntries() {
  const q = useQuery<{ auditLog: { edges: Array<{ node: Entry }> } }>(RECENT, {});
  if (q.error) return <ApiErrorView error={q.error} />;
  return <AuditTable rows={q.data?.auditLog.edges.map((e) => e.node) ?? []} />;
}

function AuditTable({ rows }: { rows: Entry[] }) {
  const { t } = useContext(LocaleContext);
  const columns: TableColumnsType<Entry> = [
    { title: t('audit.when'), dataIndex: 'createdAt' },
    { title: t('audit.tenant'), dataIndex: 'tenantCode' },
    { title: t('audit.person'), dataIndex: 'staffUsername', render: (u: string | null) => u ?? '—' },
    { title: t('audit.operation'), dataIndex: 'operation' },
    { title: t('audit.request'), dataIndex: 'requestId' },
  ];
  return <Table<Entry> size="small" rowKey="id" columns={columns} dataSource={rows} pagination={false} />;
}
