import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALARM_PRIORITIES, type AlarmKpis } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { alarmIdText } from './alarmSource.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { DispositionTiles } from '../dispatch/DispositionTiles.js';

const REFRESH_MS = 10_000;

/** Alarm-system health for the wall and the manager (ISA-18.2 / EEMUA 191 targets beside each figure). */
export function KpiTiles() {
  const { t, i18n } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const client = useCoreClient();
  const [kpis, setKpis] = useState<AlarmKpis | null>(null);
  useEffect(() => {
    const load = () => void client.getJson<AlarmKpis>('/api/alarms/kpis?windowH=24').then((k) => k && setKpis(k));
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);
  if (!kpis) return <p className="loading">{t('info.loading')}</p>;
  const tiles: { key: string; value: string; target: string; abnormal: boolean }[] = [
    { key: 'rate', value: kpis.alarmRatePer10Min.toFixed(1), target: '≤ 1', abnormal: kpis.alarmRatePer10Min > 2 },
    { key: 'maxRate', value: String(kpis.maximumAlarmRatePer10Min), target: '≤ 10', abnormal: kpis.maximumAlarmRatePer10Min > 10 },
    { key: 'flood', value: `${(kpis.percentTimeInFlood * 100).toFixed(1)} %`, target: '< 1 %', abnormal: kpis.percentTimeInFlood >= 0.01 },
    { key: 'active', value: String(kpis.activeAlarms), target: '', abnormal: false },
    { key: 'unacknowledged', value: String(kpis.unacknowledgedAlarms), target: '', abnormal: kpis.unacknowledgedAlarms > 0 },
    { key: 'shelved', value: String(kpis.shelvedAlarms), target: '', abnormal: false },
    { key: 'standing', value: String(kpis.standingAlarms), target: '0', abnormal: kpis.standingAlarms > 0 },
    { key: 'chattering', value: String(kpis.chatteringAlarms.length), target: '0', abnormal: kpis.chatteringAlarms.length > 0 },
  ];
  return (
    <section className="kpi-view" aria-labelledby="kpi-title" data-testid="kpi-view">
      <h2 id="kpi-title">{t('kpi.title')}</h2>
      <div className="kpi-tiles">
        {tiles.map((tile) => (
          <div key={tile.key} className={tile.abnormal ? 'kpi-tile kpi-abnormal' : 'kpi-tile'}>
            <span className="kpi-label">{t(`kpi.${tile.key}`)}</span>
            <span className="kpi-value">{tile.value}</span>
            {tile.target && <span className="kpi-target">{t('kpi.target', { target: tile.target })}</span>}
          </div>
        ))}
        <div className="kpi-tile">
          <span className="kpi-label">{t('kpi.priorityMix')}</span>
          <span className="kpi-mix">
            {ALARM_PRIORITIES.map((p) => `${PRIORITY_SYMBOL[p]} ${(kpis.priorityMix[p] * 100).toFixed(0)} %`).join('  ')}
          </span>
        </div>
        <DispositionTiles />
      </div>
      <h3>{t('kpi.badActors')}</h3>
      <ol className="bad-actors">
        {kpis.topBadActors.map((a) => (
          <li key={a.alarmId}>
            {alarmIdText(a.alarmId, scene, i18n.language, t)} · {a.activations}
          </li>
        ))}
      </ol>
    </section>
  );
}
