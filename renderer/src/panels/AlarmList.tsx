import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePriority, roleMay, type Alarm } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { select } from '../state/uiStore.js';
import { ShelveForm } from './ShelveForm.js';

/** Most urgent first, then newest first: the order ISA-18.2 asks an alarm summary to default to. */
function byPriorityThenNewest(a: Alarm, b: Alarm): number {
  return comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs;
}

const needsAcknowledge = (alarm: Alarm) => alarm.state === 'unacknowledged' || alarm.state === 'returnedUnacknowledged';

export function AlarmList() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const alarmMap = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const user = useCoreState((s) => s.user);
  const [shelving, setShelving] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const alarms = useMemo(() => [...alarmMap.values()].sort(byPriorityThenNewest), [alarmMap]);
  const mayAcknowledge = user !== null && roleMay(user.role, 'alarm:acknowledge');
  const mayShelve = user !== null && roleMay(user.role, 'alarm:shelve');
  const sourceKind = (alarm: Alarm) => (alarm.sourceKind === 'sensor' ? 'sensor' : 'equipment');
  const goTo = (alarm: Alarm) => {
    if (alarm.sourceKind === 'sensor') select({ kind: sourceKind(alarm), id: alarm.sourceId }, true);
  };
  const run = async (command: Parameters<typeof client.sendAlarmCommand>[0]) => setErrors(await client.sendAlarmCommand(command));
  const unacknowledged = alarms.filter(needsAcknowledge).map((a) => a.alarmId);
  const unit = (alarm: Alarm) => scene?.sensors.find((s) => s.id === alarm.sourceId)?.unit ?? alarm.unit ?? '';

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
                <td className="priority">{t(`alarms.priority.${alarm.priority}`)}</td>
                <td>
                  <button type="button" className="link" onClick={() => goTo(alarm)} title={t('alarms.goTo')}>
                    {alarm.sourceId}
                  </button>
                  {alarm.firstOut && <span className="first-out">{t('alarms.firstOut')}</span>}
                </td>
                <td>{t(`alarms.condition.${alarm.condition}`)}</td>
                <td className="value">{alarm.value !== undefined ? `${Number(alarm.value.toPrecision(4))} ${unit(alarm)}` : ''}</td>
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
