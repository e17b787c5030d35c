import { useEffect, useState } from 'react';

/** The user's locale for numbers and dates (browser setting; overridable for tests via <html lang>). */
export function useLocale(): string | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return document.documentElement.dataset.locale || navigator.language || undefined;
}

/** Changes whenever <html data-theme> flips, so canvas charts can re-read the CSS colours. */
export function useThemeName(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}
