/** "how long ago" as a value and a unit for Intl.RelativeTimeFormat (which words it in the UI language). */
export function agoParts(elapsedMs: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const s = Math.max(0, Math.floor(elapsedMs / 1000));
  if (s < 60) return { value: s, unit: 'second' };
  if (s < 3600) return { value: Math.floor(s / 60), unit: 'minute' };
  if (s < 86_400) return { value: Math.floor(s / 3600), unit: 'hour' };
  return { value: Math.floor(s / 86_400), unit: 'day' };
}

export function formatAgo(elapsedMs: number, language: string): string {
  const { value, unit } = agoParts(elapsedMs);
  return new Intl.RelativeTimeFormat(language, { numeric: 'always', style: 'short' }).format(-value, unit);
}
