// Resolving a case with the contract's resolutions and dismissal reasons; the API's field errors beside their fields.
import { Alert, App, Form, type FormInstance, Input, Modal, Radio, Select } from 'antd';
import { useContext, useState } from 'react';
import { ApiError, gql } from '../api/graphql';
import { showFieldErrors } from '../components/field-errors';
import { LocaleContext, useLabel } from '../i18n';
import type { Case } from './cases.page';

const RESOLVE = `mutation Resolve($id: ID!, $resolution: DiscrepancyResolution!, $dismissalReason: DismissalReason, $note: String) {
  resolveDiscrepancy(id: $id, resolution: $resolution, dismissalReason: $dismissalReason, note: $note) { id status resolvedBy } }`;

const RESOLUTIONS = ['CONFIRMED', 'CORRECTED', 'DISMISSED'];
const REASONS = ['DIFFERENT_PERSON', 'NAME_REGISTERED_FOR_OTHER', 'REGISTRY_ALREADY_RIGHT', 'SOURCE_DATA_WRONG', 'OTHER'];
const FIELDS = ['resolution', 'dismissalReason', 'note'];

type Values = { resolution: string; dismissalReason?: string; note?: string };

export function ResolveDialog({ item, onClose }: { item: Case; onClose: (done: boolean) => void }) {
  const { t } = useContext(LocaleContext);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async (v: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      await gql(RESOLVE, { id: item.id, resolution: v.resolution, dismissalReason: v.dismissalReason ?? null, note: v.note || null });
      message.success(t('cases.resolved'));
      onClose(true);
    } catch (err) {
      setProblems(err instanceof ApiError ? showFieldErrors(form, err, FIELDS) : [String(err)]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('cases.resolve')} · ${item.kind} · ${item.idNumber}`}
      okText={t('cases.submit')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      {problems.length > 0 && <Alert type="error" title={problems.join('; ')} style={{ marginBottom: 12 }} />}
      <ResolveForm form={form} onFinish={submit} />
    </Modal>
  );
}

function ResolveForm({ form, onFinish }: { form: FormInstance<Values>; onFinish: (v: Values) => void }) {
  const { t } = useContext(LocaleContext);
  const label = useLabel();
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ resolution: 'CONFIRMED' }} name="resolve">
      <Form.Item name="resolution" label={t('cases.resolution')}>
        <Radio.Group options={RESOLUTIONS.map((r) => ({ value: r, label: label('case', r) }))} />
      </Form.Item>
      <Form.Item name="dismissalReason" label={t('cases.dismissalReason')}>
        <Select allowClear options={REASONS.map((r) => ({ value: r, label: label('dismissal', r) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('cases.note')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </Form>
  );
}
