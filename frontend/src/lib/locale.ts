/** The user's locale for numbers and dates (browser setting; overridable for tests via <html lang>). */
export function useLocale(): string | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return document.documentElement.dataset.locale || navigator.language || undefined;
}
