import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALARM_PRIORITIES, ALARM_STATES, roleMay, type Alarm } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';
import { filterAlarms, needsAcknowledge, sortAlarms, type AlarmFilter, type AlarmSortKey } from './alarmOrdering.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { ShelveForm } from './ShelveForm.js';
import { AlarmEvidence } from '../cameras/AlarmEvidence.js';

export function AlarmList() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const alarmMap = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const user = useCoreState((s) => s.user);
  const [shelving, setShelving] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [sortKey, setSortKey] = useState<AlarmSortKey>('priority');
  const [filter, setFilter] = useState<AlarmFilter>({ priority: '', state: '', area: '' });
  const areaOf = useMemo(() => {
    const bySensor = new Map(scene?.sensors.map((s) => [s.id, s.areaId]) ?? []);
    return (alarm: Alarm) => alarm.areaId ?? bySensor.get(alarm.sourceId);
  }, [scene]);
  const alarms = useMemo(() => sortAlarms(filterAlarms([...alarmMap.values()], filter, areaOf), sortKey), [alarmMap, filter, areaOf, sortKey]);
  // Replayed alarms are history: acting on them would act on the live alarm of the same id.
  const live = useCoreState((s) => s.player.mode === 'live');
  const mayAcknowledge = live && user !== null && roleMay(user.role, 'alarm:acknowledge');
  const mayShelve = live && user !== null && roleMay(user.role, 'alarm:shelve');
  const goTo = (alarm: Alarm) => {
    if (alarm.sourceKind === 'sensor') select({ kind: 'sensor', id: alarm.sourceId }, true);
  };
  const run = async (command: Parameters<typeof client.sendAlarmCommand>[0]) => setErrors(await client.sendAlarmCommand(command));
  const unacknowledged = alarms.filter(needsAcknowledge).map((a) => a.alarmId);
  // One map per scene, not a search over every sensor for every row on every render.
  const unitBySensor = useMemo(() => new Map(scene?.sensors.map((s) => [s.id, s.unit]) ?? []), [scene]);
  const unit = (alarm: Alarm) => unitBySensor.get(alarm.sourceId) ?? alarm.unit ?? '';

  return (
    <section className="panel alarm-panel" aria-labelledby="alarm-title">
      <h2 id="alarm-title">
        {t('alarms.title')} <span className="count">{alarms.length}</span>
        {mayAcknowledge && unacknowledged.length > 1 && (
          <button type="button" className="inline-action" onClick={() => void run({ action: 'acknowledge', alarmIds: unacknowledged })}>
            {t('alarms.acknowledgeAll', { count: unacknowledged.length })}
          </button>
        )}
      </h2>
      <div className="alarm-filters">
        <label>
          {t('alarms.sortBy')}
          <select value={sortKey} onChange={(e) => setSortKey(e.target.value as AlarmSortKey)} data-testid="alarm-sort">
            {(['priority', 'time', 'source', 'state'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`alarms.sort.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.columns.priority')}
          <select value={filter.priority} onChange={(e) => setFilter({ ...filter, priority: e.target.value })} data-testid="filter-priority">
            <option value="">{t('alarms.any')}</option>
            {ALARM_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`alarms.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.columns.state')}
          <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })} data-testid="filter-state">
            <option value="">{t('alarms.any')}</option>
            {ALARM_STATES.filter((s) => s !== 'normal').map((s) => (
              <option key={s} value={s}>
                {t(`alarms.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('info.area')}
          <select value={filter.area} onChange={(e) => setFilter({ ...filter, area: e.target.value })} data-testid="filter-area">
            <option value="">{t('alarms.any')}</option>
            {scene?.areas.map((a) => (
              <option key={a.id} value={a.id}>
                {localized(a.name, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {errors.length > 0 && (
        <p className="form-error" role="alert">
          {errors.join('; ')}
        </p>
      )}
      {alarms.length === 0 ? (
        <p className="empty" data-testid="alarm-empty">
          {t('alarms.empty')}
        </p>
      ) : (
        <table className="alarm-table" data-testid="alarm-table">
          <thead>
            <tr>
              {(['time', 'priority', 'source', 'condition', 'value', 'state', 'actions'] as const).map((c) => (
                <th key={c}>{t(`alarms.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {alarms.map((alarm) => (
              <tr key={alarm.alarmId} className={`alarm-row priority-${alarm.priority} state-${alarm.state}`} data-alarm-id={alarm.alarmId} data-state={alarm.state}>
                <td>{new Date(alarm.raisedAtMs).toLocaleTimeString(i18n.language, { hour12: false })}</td>
                <td className="priority">
                  {PRIORITY_SYMBOL[alarm.priority]} {t(`alarms.priority.${alarm.priority}`)}
                </td>
                <td>
                  <button type="button" className="link" onClick={() => goTo(alarm)} title={t('alarms.goTo')}>
                    {alarm.sourceId}
                  </button>
                  {alarm.firstOut && <span className="first-out">{t('alarms.firstOut')}</span>}
                </td>
                <td>{t(`alarms.condition.${alarm.condition}`)}</td>
                <td className="value">
                  {alarm.value !== undefined ? `${Number(alarm.value.toPrecision(4))} ${unit(alarm)}` : ''}
                  <AlarmEvidence alarm={alarm} />
                </td>
                <td>{t(`alarms.state.${alarm.state}`)}</td>
                <td className="actions">
                  {mayAcknowledge && needsAcknowledge(alarm) && (
                    <button type="button" data-testid={`ack-${alarm.alarmId}`} onClick={() => void run({ action: 'acknowledge', alarmIds: [alarm.alarmId] })}>
                      {t('alarms.acknowledge')}
                    </button>
                  )}
                  {mayShelve && alarm.state !== 'shelved' && (
                    <button type="button" onClick={() => setShelving(alarm.alarmId)}>
                      {t('alarms.shelve')}
                    </button>
                  )}
                  {mayShelve && alarm.state === 'shelved' && (
                    <button type="button" onClick={() => void run({ action: 'unshelve', alarmId: alarm.alarmId })}>
                      {t('alarms.unshelve')}
                    </button>
                  )}
                  {shelving === alarm.alarmId && (
                    <ShelveForm
                      onCancel={() => setShelving(null)}
                      onSubmit={(reason, durationMin) => {
                        setShelving(null);
                        void run({ action: 'shelve', alarmId: alarm.alarmId, reason, durationMin });
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
