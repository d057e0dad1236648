// Chinese by default, English on request; the choice (not data) is kept in localStorage.
import { createContext, useCallback, useContext } from 'react';
import { MESSAGES, type MessageKey } from './messages';

export type Locale = 'zh' | 'en';

const STORAGE_KEY = 'hub-console-locale';

export function savedLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function saveLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // A browser that refuses storage keeps the choice for this page only.
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, vars) => {
    let text: string = MESSAGES[key][locale === 'zh' ? 0 : 1];
    for (const [k, v] of Object.entries(vars ?? {})) text = text.replace(`{${k}}`, String(v));
    return text;
  };
}

export const LocaleContext = createContext<{ locale: Locale; t: Translate }>({ locale: 'zh', t: translator('zh') });

export function useT(): Translate {
  return useContext(LocaleContext).t;
}

/** A code (status, kind, reason) in the reader's language when the messages name it, else as the API says it. */
export function useLabel(): (prefix: string, code: string | null | undefined) => string {
  const t = useT();
  return useCallback(
    (prefix: string, code: string | null | undefined) => {
      if (code === null || code === undefined) return '—';
      const key = `${prefix}.${code}`;
      return key in MESSAGES ? t(key as MessageKey) : code;
    },
    [t],
  );
}
