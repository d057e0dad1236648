// The shell: locale (zh_CN by default), the session, and the pages; logging out forgets every answer held.
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { whenUnauthenticated } from './api/graphql';
import { type SessionUser, currentUser, logout } from './api/session';
import { type Locale, LocaleContext, saveLocale, savedLocale, translator } from './i18n';
import { ConsoleLayout } from './layout';
import { LoginPage } from './pages/login.page';
import { SessionContext } from './session-context';

/** antd's defaults with darker blue and grey text, so every text reaches WCAG AA contrast (4.5:1) on white. */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0,0,0,0.65)',
    colorTextTertiary: 'rgba(0,0,0,0.6)',
    colorTextDescription: 'rgba(0,0,0,0.6)',
  },
};

export function ConsoleApp() {
  const [locale, setLocale] = useState<Locale>(savedLocale);
  const i18n = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  const switchLocale = useCallback(() => {
    const next = locale === 'zh' ? 'en' : 'zh';
    saveLocale(next);
    setLocale(next);
  }, [locale]);
  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <LocaleContext.Provider value={i18n}>
          <Session onSwitchLocale={switchLocale} />
        </LocaleContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}

function Session({ onSwitchLocale }: { onSwitchLocale: () => void }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const t = useMemo(() => translator(savedLocale()), []);
  useEffect(() => {
    whenUnauthenticated((code) => {
      setNotice(code === 'SESSION_EXPIRED' ? t('login.expired') : null);
      setUser(null);
    });
    currentUser().then(setUser, () => setUser(null));
  }, [t]);
  const onLogout = useCallback(async () => {
    await logout();
    // A full reload drops every React state and module cache with the session (no other tenant's data stays).
    window.location.assign('/console/');
  }, []);
  const session = useMemo(() => ({ user: user ?? null }), [user]);
  if (user === undefined) return <Spin fullscreen />;
  if (user === null) return <LoginPage notice={notice} onLogin={(u) => (setNotice(null), setUser(u))} />;
  return (
    <SessionContext.Provider value={session}>
      <ConsoleLayout onLogout={onLogout} onSwitchLocale={onSwitchLocale} />
    </SessionContext.Provider>
  );
}
