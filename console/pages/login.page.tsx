// Log in as oneself: tenant code, username, password (the accounts' /auth/login).
import { Alert, Button, Card, Form, type FormInstance, Input } from 'antd';
import { useContext, useState } from 'react';
import { ApiError } from '../api/graphql';
import { showFieldErrors } from '../components/field-errors';
import { type SessionUser, login } from '../api/session';
import { LocaleContext, type Translate } from '../i18n';

type Values = { tenant: string; username: string; password: string };

export function LoginPage({ onLogin, notice }: { onLogin: (u: SessionUser) => void; notice: string | null }) {
  const { t } = useContext(LocaleContext);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      onLogin(await login(v.tenant.trim(), v.username.trim(), v.password));
    } catch (err) {
      setProblem(refusalOf(err, form, t));
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <main className="login">
      <Card title={<h1 className="login-title">{`${t('app.title')} · ${t('login.title')}`}</h1>} style={{ width: 380 }}>
        {notice && <Alert type="warning" title={notice} style={{ marginBottom: 12 }} />}
        {problem && <Alert type="error" title={problem} style={{ marginBottom: 12 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} name="login">
          <Form.Item name="tenant" label={t('login.tenant')} rules={required}>
            <Input autoComplete="organization" />
          </Form.Item>
          <Form.Item name="username" label={t('login.username')} rules={required}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={required}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

/** What the form says of a refused login: the contract's field errors beside their fields, else one line above the form. */
function refusalOf(err: unknown, form: FormInstance<Values>, t: Translate): string | null {
  const e = err instanceof ApiError ? err : new ApiError('INTERNAL', String(err), 0);
  const seconds = (e as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0;
  if (e.code === 'BAD_USER_INPUT') return showFieldErrors(form, e, ['tenant', 'username', 'password']).join('; ') || null;
  if (e.code === 'ACCOUNT_LOCKED') return t('login.locked', { s: seconds });
  if (e.code === 'RATE_LIMITED') return t('login.rateLimited', { s: seconds });
  return t('login.failed');
}
