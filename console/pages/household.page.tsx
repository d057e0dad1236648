// One household as the API cuts it for the caller: members, history as a timeline, benefits.
import { Button, Card, Descriptions, Empty, Form, Input, Table, Tag, Timeline, type TableColumnsType } from 'antd';
import { useContext } from 'react';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { LocaleContext, useLabel } from '../i18n';
import { navigate } from '../router';

const HOUSEHOLD = `query Household($no: String!) { household(registryNo: $no) {
  registryNo villageCode status identifiedYear exitYear primaryCause annualIncomePerCapita housingSafe drinkingWaterSafe version
  members { name idNumber sex birthDate relationship health status }
  events { id type createdAt tenantCode version changes }
  benefits { projectNo projectType type amount date } } }`;

type Member = {
  name: string | null;
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  relationship: string | null;
  health: string | null;
  status: string | null;
};
type Event = { id: string; type: string; createdAt: string; tenantCode: string; version: number; changes: Record<string, unknown> };
type Benefit = { projectNo: string; projectType: string; type: string; amount: string | null; date: string };
type Household = Record<string, unknown> & { registryNo: string | null; status: string | null; members: Member[]; events: Event[]; benefits: Benefit[] };

export function HouseholdLookup() {
  const { t } = useContext(LocaleContext);
  return (
    <Card title={t('nav.household')}>
      <Form layout="inline" onFinish={(v: { no: string }) => navigate(`/households/${encodeURIComponent(v.no.trim())}`)}>
        <Form.Item name="no" label={t('household.lookup')} rules={[{ required: true, message: t('common.required') }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

export function HouseholdPage({ no }: { no: string }) {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  const q = useQuery<{ household: Household | null }>(HOUSEHOLD, { no });
  if (q.error) return <ApiErrorView error={q.error} />;
  if (q.loading && !q.data) return <Card loading />;
  const h = q.data?.household;
  if (!h)
    return (
      <Card>
        <Empty description={t('household.notFound')} />
      </Card>
    );
  const facts = ['villageCode', 'identifiedYear', 'exitYear', 'primaryCause', 'annualIncomePerCapita', 'housingSafe', 'drinkingWaterSafe', 'version'];
  return (
    <Card title={t('household.title', { no: h.registryNo ?? '—' })} extra={<Tag>{label('status', h.status)}</Tag>}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={facts.map((f) => ({ key: f, label: f, children: show(h[f]) }))} />
      <Members members={h.members} />
      <Card type="inner" title={t('household.timeline')} style={{ marginTop: 16 }}>
        <Timeline
          items={h.events.map((e) => ({
            key: e.id,
            title: `${e.createdAt.slice(0, 10)} · ${e.type} · ${e.tenantCode} · v${e.version}`,
            content: changes(e.changes),
          }))}
        />
      </Card>
      <Benefits benefits={h.benefits} />
    </Card>
  );
}

function show(v: unknown): string {
  return v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? '✓' : '✗') : String(v);
}

function changes(c: Record<string, unknown>): string {
  return Object.keys(c ?? {}).join(', ');
}

function Members({ members }: { members: Member[] }) {
  const { t } = useContext(LocaleContext);
  const columns: TableColumnsType<Member> = [
    { title: t('household.name'), dataIndex: 'name' },
    { title: t('batch.idNumber'), dataIndex: 'idNumber' },
    { title: t('household.relationship'), dataIndex: 'relationship' },
    { title: t('household.birthDate'), dataIndex: 'birthDate' },
    { title: t('household.health'), dataIndex: 'health' },
    { title: t('common.status'), dataIndex: 'status' },
  ];
  return (
    <Card type="inner" title={t('household.members')} style={{ marginTop: 16 }}>
      <Table<Member> size="small" rowKey={(m) => `${m.idNumber}-${m.name}`} columns={columns} dataSource={members} pagination={false} />
    </Card>
  );
}

function Benefits({ benefits }: { benefits: Benefit[] }) {
  const { t } = useContext(LocaleContext);
  const columns: TableColumnsType<Benefit> = [
    { title: t('household.date'), dataIndex: 'date' },
    { title: t('household.project'), dataIndex: 'projectNo' },
    { title: t('household.type'), dataIndex: 'type' },
    { title: t('household.amount'), dataIndex: 'amount', align: 'right', render: (a: string | null) => a ?? '—' },
  ];
  return (
    <Card type="inner" title={t('household.benefits')} style={{ marginTop: 16 }}>
      <Table<Benefit> size="small" rowKey={(b, i) => `${b.projectNo}-${b.date}-${i}`} columns={columns} dataSource={benefits} pagination={false} />
    </Card>
  );
}
