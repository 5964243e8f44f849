import type { TFunction } from 'i18next';

/**
 * Run times as durations ("3 min 20 s", "3 分 20 秒") — never m:ss, which a control room reads as a
 * time of day (issue 12.3: "预计 18:42 到达" was taken for a clock time).
 */
export function formatDuration(t: TFunction, seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('evacuation.duration.hoursMinutes', { h, m });
  return m > 0 ? t('evacuation.duration.minutesSeconds', { m, s }) : t('evacuation.duration.seconds', { s });
}

/** An estimated arrival: how long from now ("in 3 min 20 s" / "约 3 分 20 秒后"), null when none. */
export function formatEta(t: TFunction, predictedArrivalS: number, nowS: number): string | null {
  if (!(predictedArrivalS >= 0)) return null;
  return t('evacuation.board.eta', { duration: formatDuration(t, Math.max(0, predictedArrivalS - nowS)) });
}
