import { useTranslation } from 'react-i18next';
import type { Sensor, SensorDataQuality } from '@contracts';
import { usePolled } from './SensorTrend.js';

/**
 * The sensor's data-quality score and its reasons (stuck, drift, comm loss, bad/uncertain quality, stale),
 * as the core computes them (GET /api/sensors/<id>, docs/alarms.md "Data-quality alarms").
 */
export function SensorDataQualityRow({ sensor }: { sensor: Sensor }) {
  const { t } = useTranslation();
  const view = usePolled<{ dataQuality: SensorDataQuality }>(`/api/sensors/${encodeURIComponent(sensor.id)}`);
  if (!view) return null;
  const { score, reasons } = view.dataQuality;
  const why = reasons.length === 0 ? t('dataQuality.fine') : reasons.map((reason) => t(`dataQuality.reasons.${reason}`)).join(' · ');
  return (
    <>
      <dt>{t('dataQuality.title')}</dt>
      <dd data-testid="info-data-quality" data-score={score} data-reasons={reasons.join(' ')}>
        {t('dataQuality.score', { percent: Math.round(score * 100) })} — {why}
      </dd>
    </>
  );
}
