// One household as the API cuts it for the caller: members, history as a timeline, benefits.
import { Button, Card, Descriptions, Empty, Form, Input, Table, Tag, Timeline, type TableColumnsType } from 'antd';
import { useContext } from 'react';
import { useQuery } from '../api/use-query';
import { ApiErrorView } from '../components/api-error';
import { LocaleContext, useLabel } from '../i18n';
import type { MessageKey } from '../messages';
import { navigate } from '../router';

// Every field of Household and Member: the hub nulls what the viewer's policy withholds, and the page shows only values.
const HOUSEHOLD_FIELDS = [
  'registryNo',
  'provinceCode',
  'countyCode',
  'villageCode',
  'status',
  'identifiedYear',
  'exitYear',
  'primaryCause',
  'otherCauses',
  'annualIncomePerCapita',
  'housingSafe',
  'drinkingWaterSafe',
  'removalReason',
  'version',
  'createdAt',
  'updatedAt',
];
const MEMBER_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'relationship',
  'ethnicity',
  'education',
  'inSchool',
  'health',
  'disabilityLevel',
  'labourCapacity',
  'migrantWorker',
  'medicalInsured',
  'pensionInsured',
  'receivesDibao',
  'status',
  'statusDate',
];

const HOUSEHOLD = `query Household($no: String!) { household(registryNo: $no) {
  ${HOUSEHOLD_FIELDS.join(' ')}
  members { ${MEMBER_FIELDS.join(' ')} }
  events { id type createdAt tenantCode version changes }
  benefits { projectNo projectType type amount date } } }`;

type Member = Record<string, unknown>;

/** The member columns the console has words for; the others are titled by their field name. */
const MEMBER_TITLES: Partial<Record<string, MessageKey>> = {
  name: 'household.name',
  idNumber: 'batch.idNumber',
  relationship: 'household.relationship',
  birthDate: 'household.birthDate',
  health: 'household.health',
  status: 'common.status',
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
  // A field the API leaves null (withheld by the viewer's policy, or empty) is not shown at all.
  const facts = HOUSEHOLD_FIELDS.filter((f) => h[f] !== null && h[f] !== undefined);
  return (
    <Card title={t('household.title', { no: h.registryNo ?? '—' })} extra={<Tag>{label('status', h.status)}</Tag>}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={facts.map((f) => ({ key: f, label: f, children: <span data-field={`household.${f}`}>{show(h[f])}</span> }))}
      />
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

/** A value as the page writes it (the browser test writes the API's answer the same way). */
function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function changes(c: Record<string, unknown>): string {
  return Object.keys(c ?? {}).join(', ');
}

function Members({ members }: { members: Member[] }) {
  const { t } = useContext(LocaleContext);
  // A column only for a field some member has a value of; a withheld one (null for every member) has none.
  const shown = MEMBER_FIELDS.filter((f) => members.some((m) => m[f] !== null && m[f] !== undefined));
  const columns: TableColumnsType<Member> = shown.map((f) => ({
    title: MEMBER_TITLES[f] ? t(MEMBER_TITLES[f]) : f,
    key: f,
    render: (_: unknown, m: Member) => (m[f] === null || m[f] === undefined ? null : <span data-field={`member.${f}`}>{show(m[f])}</span>),
  }));
  return (
    <Card type="inner" title={t('household.members')} style={{ marginTop: 16 }}>
      <Table<Member> size="small" rowKey={(_, i) => String(i)} columns={columns} dataSource={members} pagination={false} />
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
