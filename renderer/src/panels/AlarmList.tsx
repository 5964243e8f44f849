import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePriority, type Alarm } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';

/** Most urgent first, then newest first: the order ISA-18.2 asks an alarm summary to default to. */
function byPriorityThenNewest(a: Alarm, b: Alarm): number {
  return comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs;
}

export function AlarmList() {
  const { t, i18n } = useTranslation();
  const alarmMap = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const alarms = useMemo(() => [...alarmMap.values()].sort(byPriorityThenNewest), [alarmMap]);
  const sourceKind = (id: string) => (scene?.sensors.some((s) => s.id === id) ? 'sensor' : scene?.cameras.some((c) => c.id === id) ? 'camera' : 'equipment');
  return (
    <section className="panel alarm-panel" aria-labelledby="alarm-title">
      <h2 id="alarm-title">
        {t('alarms.title')} <span className="count">{alarms.length}</span>
      </h2>
      {alarms.length === 0 ? (
        <p className="empty" data-testid="alarm-empty">{t('alarms.empty')}</p>
      ) : (
        <table className="alarm-table">
          <thead>
            <tr>
              {(['time', 'priority', 'source', 'condition', 'value', 'state'] as const).map((c) => (
                <th key={c}>{t(`alarms.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {alarms.map((alarm) => (
              <tr
                key={alarm.alarmId}
                className={`alarm-row priority-${alarm.priority} state-${alarm.state}`}
                tabIndex={0}
                onClick={() => select({ kind: sourceKind(alarm.sourceId), id: alarm.sourceId }, true)}
                onKeyDown={(event) => event.key === 'Enter' && select({ kind: sourceKind(alarm.sourceId), id: alarm.sourceId }, true)}
              >
                <td>{new Date(alarm.raisedAtMs).toLocaleTimeString(i18n.language, { hour12: false })}</td>
                <td className="priority">{t(`alarms.priority.${alarm.priority}`)}</td>
                <td>{alarm.sourceId}</td>
                <td>{t(`limits.${alarm.condition}`, { defaultValue: alarm.condition })}</td>
                <td>{alarm.value !== undefined ? `${alarm.value} ${alarm.unit ?? ''}` : ''}</td>
                <td>{t(`alarms.state.${alarm.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
