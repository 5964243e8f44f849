import { useTranslation } from 'react-i18next';
import { SENSOR_FLAGS, type Equipment, type ClientScene, type Sensor } from '@contracts';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { SensorAlarmHistory, SensorTrend } from './SensorTrend.js';
import { SensorDataQualityRow } from './SensorDataQuality.js';
import { AreaDetails, HeadCount, WorkerDetails } from './WorkerPanels.js';
import { CameraTile } from './CameraTile.js';
import { LinkedEventEvidence } from '../cameras/LinkedEventEvidence.js';
import { LeakStartForm } from '../leak/LeakStartForm.js';
import { formatValue, markerLook } from '../twin/liveColours.js';
import { useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { select, uiStore } from '../state/uiStore.js';
import { AreaRiskDetails } from '../hazards/AreaRiskDetails.js';

const formatNumber = (value: number, language: string, digits = 1) => value.toLocaleString(language, { maximumFractionDigits: digits });

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

function EquipmentDetails({ scene, equipment }: { scene: ClientScene; equipment: Equipment }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const substance = scene.substances.find((s) => s.id === equipment.substanceId);
  const area = scene.areas.find((a) => a.id === equipment.areaId);
  const instruments = scene.sensors.filter((s) => s.equipmentId === equipment.id);
  const tonnes = (kg: number) => t('units.tonnes', { value: formatNumber(kg / 1000, language) });
  return (
    <>
      <h3 data-testid="info-title">{localized(equipment.name, language)}</h3>
      <dl>
        <Row label={t('info.type')} value={t(`equipmentType.${equipment.type}`)} testId="info-type" />
        {area && <Row label={t('info.area')} value={localized(area.name, language)} />}
        {substance && <Row label={t('info.substance')} value={localized(substance.name, language)} testId="info-substance" />}
        {equipment.inventoryKg !== undefined && <Row label={t('info.inventory')} value={tonnes(equipment.inventoryKg)} testId="info-inventory" />}
        {equipment.capacityKg !== undefined && <Row label={t('info.capacity')} value={tonnes(equipment.capacityKg)} />}
        {equipment.inventoryKg !== undefined && equipment.capacityKg !== undefined && (
          <Row label={t('info.fill')} value={t('units.percent', { value: formatNumber((100 * equipment.inventoryKg) / equipment.capacityKg, language, 0) })} />
        )}
        <Row
          label={t('info.dimensions')}
          value={t('units.dimensions', { length: formatNumber(equipment.size.lengthM, language), width: formatNumber(equipment.size.widthM, language), height: formatNumber(equipment.size.heightM, language) })}
        />
        {equipment.designPressureKPa !== undefined && <Row label={t('info.designPressure')} value={t('units.kpa', { value: formatNumber(equipment.designPressureKPa, language, 0) })} />}
        {equipment.operatingTemperatureC !== undefined && <Row label={t('info.operatingTemperature')} value={t('units.degC', { value: equipment.operatingTemperatureC })} />}
      </dl>
      <h4>{t('info.sensors')}</h4>
      {instruments.length === 0 ? (
        <p className="empty">{t('info.noSensors')}</p>
      ) : (
        <ul className="instrument-list">
          {instruments.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => select({ kind: 'sensor', id: s.id }, true)}>
                <span className="tag">{s.id}</span> {t(`sensorKind.${s.kind}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <LeakStartForm equipment={equipment} />
    </>
  );
}

/** The sensor's live value, quality and age, refreshed twice a second. */
function LiveReading({ scene, sensor }: { scene: ClientScene; sensor: Sensor }) {
  const { t, i18n } = useTranslation();
  const index = scene.sensors.indexOf(sensor);
  const reading = useLiveSnapshot(
    (live) => ({ value: live.values[index] ?? Number.NaN, tsMs: live.sampleTsMs[index] ?? 0, flags: live.flags[index] ?? 0 }),
    (r) => `${r.value}|${r.tsMs}|${r.flags}`,
  );
  const look = markerLook(reading.flags);
  const quality = reading.flags & SENSOR_FLAGS.bad ? 'bad' : reading.flags & SENSOR_FLAGS.uncertain ? 'uncertain' : 'good';
  return (
    <>
      <Row label={t('info.value')} value={formatValue(reading.value, sensor.unit)} testId="info-value" />
      <Row label={t('info.quality')} value={look.colour === 'stale' && reading.flags & SENSOR_FLAGS.stale ? t('info.stale') : t(`info.qualities.${quality}`)} />
      {reading.tsMs > 0 && <Row label={t('info.updated')} value={new Date(reading.tsMs).toLocaleTimeString(i18n.language, { hour12: false })} />}
      {look.outOfService && <Row label={t('alarms.title')} value={t('alarms.state.outOfService')} testId="info-out-of-service" />}
    </>
  );
}

function SensorDetails({ scene, sensor }: { scene: ClientScene; sensor: Sensor }) {
  const { t, i18n } = useTranslation();
  const substance = scene.substances.find((s) => s.id === sensor.substanceId);
  const limits = (['lowLow', 'low', 'high', 'highHigh'] as const).filter((k) => sensor.limits[k] !== undefined).map((k) => `${t(`limits.${k}`)} ${sensor.limits[k]}`);
  return (
    <>
      <h3 data-testid="info-title">{sensor.id}</h3>
      <dl>
        <LiveReading scene={scene} sensor={sensor} />
        <SensorDataQualityRow sensor={sensor} />
        <Row label={t('info.kind')} value={t(`sensorKind.${sensor.kind}`)} />
        {substance && <Row label={t('info.substance')} value={localized(substance.name, i18n.language)} />}
        <Row label={t('info.unit')} value={sensor.unit} />
        <Row label={t('info.limits')} value={limits.join(' · ') || '—'} />
        <Row label={t('info.mounting')} value={t('units.metres', { value: sensor.mountingHeightM })} />
        <Row label={t('info.topic')} value={sensor.mqttTopic} />
      </dl>
      <h4>{t('info.trend')}</h4>
      <SensorTrend sensor={sensor} />
      <h4>{t('info.history')}</h4>
      <SensorAlarmHistory sensor={sensor} />
    </>
  );
}

export function InfoPanel() {
  const { t } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const selection = useStore(uiStore, (s) => s.selection);
  const equipment = selection?.kind === 'equipment' ? scene?.equipment.find((e) => e.id === selection.id) : undefined;
  const sensor = selection?.kind === 'sensor' ? scene?.sensors.find((s) => s.id === selection.id) : undefined;
  const worker = selection?.kind === 'worker' ? selection.id : undefined;
  const camera = selection?.kind === 'camera' ? scene?.cameras.find((c) => c.id === selection.id) : undefined;
  const area = selection?.kind === 'area' ? selection.id : undefined;
  return (
    <aside className="panel info-panel" aria-labelledby="info-heading" data-testid="info-panel">
      <h2 id="info-heading">{t('info.title')}</h2>
      {scene && equipment && <EquipmentDetails scene={scene} equipment={equipment} />}
      {scene && sensor && <SensorDetails scene={scene} sensor={sensor} />}
      {scene && worker && <WorkerDetails scene={scene} badgeId={worker} />}
      {camera && <CameraTile camera={camera} />}
      {camera && <LinkedEventEvidence camera={camera} />}
      {scene && area && <AreaDetails scene={scene} areaId={area} />}
      {scene && area && <AreaRiskDetails scene={scene} areaId={area} />}
      {!equipment && !sensor && !worker && !camera && !area && <p className="empty">{t('info.none')}</p>}
      {scene && !selection && <HeadCount scene={scene} />}
      {selection && (
        <div className="info-actions">
          <button type="button" onClick={() => select(selection, true)} data-testid="info-fly-to">
            {t('info.flyTo')}
          </button>
          <button type="button" onClick={() => select(null)}>
            {t('info.close')}
          </button>
        </div>
      )}
    </aside>
  );
}
