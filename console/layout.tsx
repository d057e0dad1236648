// The frame around every page: the menu (LGOP's pages only for LGOP), who is logged in, language and logout.
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useContext } from 'react';
import { LocaleContext, type Translate } from './i18n';
import { AuditPage } from './pages/audit.page';
import { BatchPage } from './pages/batch.page';
import { CasesPage } from './pages/cases.page';
import { HouseholdLookup, HouseholdPage } from './pages/household.page';
import { JobsPage } from './pages/jobs.page';
import { OverviewPage } from './pages/overview.page';
import { QualityPage } from './pages/quality.page';
import { match, navigate, useLocation } from './router';
import { SessionContext } from './session-context';

type Props = { onLogout: () => void; onSwitchLocale: () => void };

function menuItems(t: Translate, kind: string | undefined) {
  const all = [
    { key: '/', label: t('nav.overview') },
    { key: '/jobs', label: t('nav.jobs'), lgop: true },
    { key: '/cases', label: t('nav.cases') },
    { key: '/quality', label: t('nav.quality') },
    { key: '/households', label: t('nav.household') },
    { key: '/audit', label: t('nav.audit'), lgop: true },
  ];
  return all.filter((i) => !i.lgop || kind === 'ADMIN').map(({ key, label }) => ({ key, label }));
}

export function ConsoleLayout({ onLogout, onSwitchLocale }: Props) {
  const { t } = useContext(LocaleContext);
  const { user } = useContext(SessionContext);
  const { path } = useLocation();
  const selected = '/' + (path.split('/')[1] ?? '');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0}>
        <div className="console-brand">{t('app.title')}</div>
        <nav aria-label={t('app.title')}>
          <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={menuItems(t, user?.tenant.kind)} onClick={(e) => navigate(e.key)} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space>
            <Typography.Text data-testid="who">{`${user?.displayName} (${user?.username} · ${user?.tenant.code} · ${user?.role})`}</Typography.Text>
            <Button onClick={onSwitchLocale}>{t('nav.language')}</Button>
            <Button onClick={onLogout}>{t('nav.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <main>
            <Page path={path} />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Page({ path }: { path: string }) {
  let p: Record<string, string> | null;
  if (path === '/' || path === '/overview') return <OverviewPage />;
  if (path === '/jobs') return <JobsPage />;
  if ((p = match('/jobs/:id', path))) return <BatchPage id={p.id} />;
  if (path === '/cases') return <CasesPage />;
  if (path === '/quality') return <QualityPage />;
  if (path === '/households') return <HouseholdLookup />;
  if ((p = match('/households/:no', path))) return <HouseholdPage no={p.no} />;
  if (path === '/audit') return <AuditPage />;
  return <OverviewPage />;
}
