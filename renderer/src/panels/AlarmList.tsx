import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALARM_PRIORITIES, ALARM_STATES, roleMay, type Alarm, type AlarmCommand } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { FloodMonitor, groupIncidents, nestSuperseded, type IncidentGroup } from './alarmIncidents.js';
import { ALARM_SORT_KEYS, filterAlarms, isRemovedFromView, needsAcknowledge, sortAlarms, type AlarmFilter, type AlarmSortKey } from './alarmOrdering.js';
import { AlarmRow, AlarmRowGroup, type AlarmRowContext } from './AlarmRow.js';
import { describeAlarmSource } from './alarmSource.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { ToDisposeButton } from '../dispatch/WarningsPanel.js';
import './alarms.css';

/** The schema's limit of alarm ids per acknowledge command. */
const MAX_IDS_PER_COMMAND = 500;
/** How often the flood indicator re-reads its 10-minute window when no alarm changes. */
const FLOOD_RECHECK_MS = 5_000;
/** `deadline`: the open warning's countdown and escalation (issue 19). */
const COLUMNS = ['time', 'priority', 'source', 'condition', 'value', 'state', 'deadline', 'actions'] as const;

/** `warningsOpenable`: the screen has the warnings tab (the control room): countdowns open a warning there, and the to-dispose list is offered. */
export function AlarmList({ warningsOpenable = false }: { warningsOpenable?: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const alarmMap = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const user = useCoreState((s) => s.user);
  const [errors, setErrors] = useState<string[]>([]);
  const [sortKey, setSortKey] = useState<AlarmSortKey>('standard');
  const [filter, setFilter] = useState<AlarmFilter>({ priority: '', state: '', area: '' });
  const [confirmIds, setConfirmIds] = useState<string[] | null>(null);
  const [groupChoice, setGroupChoice] = useState<boolean | null>(null);
  const flood = useFlood(alarmMap, useCoreState((s) => (s.player.mode === 'replay' ? s.player.state.currentMs : null)), useCoreState((s) => s.operatorPositions));
  // The flood layout follows the flood indicator unless the operator chose a layout.
  const grouped = groupChoice ?? flood.inFlood;

  const areaOf = useMemo(() => {
    const bySensor = new Map(scene?.sensors.map((s) => [s.id, s.areaId]) ?? []);
    return (alarm: Alarm) => alarm.areaId ?? bySensor.get(alarm.sourceId);
  }, [scene]);
  const filtered = useMemo(() => filterAlarms([...alarmMap.values()], filter, areaOf), [alarmMap, filter, areaOf]);
  const listed = useMemo(() => sortAlarms(filtered.filter((a) => !isRemovedFromView(a)), sortKey), [filtered, sortKey]);
  const removed = useMemo(() => sortAlarms(filtered.filter(isRemovedFromView), sortKey), [filtered, sortKey]);
  const rows = useMemo(() => nestSuperseded(listed), [listed]);
  const groups = useMemo(() => (grouped ? groupIncidents(rows, areaOf) : null), [grouped, rows, areaOf]);

  // Replayed alarms are history: the player offers no alarm actions on them (its capabilities, not its mode).
  const actable = useCoreState((s) => s.player.state.capabilities.acknowledge);
  const may = (action: Parameters<typeof roleMay>[1]) => actable && user !== null && roleMay(user.role, action);
  const run = (command: AlarmCommand) => void client.sendAlarmCommand(command).then(setErrors);
  const unitBySensor = useMemo(() => new Map(scene?.sensors.map((s) => [s.id, s.unit]) ?? []), [scene]);
  const context: AlarmRowContext = {
    sourceOf: (alarm) => describeAlarmSource(alarm, scene, i18n.language, t),
    sensorUnitOf: (alarm) => unitBySensor.get(alarm.sourceId),
    mayAcknowledge: may('alarm:acknowledge'),
    mayShelve: may('alarm:shelve'),
    mayRemoveFromService: may('alarm:removeFromService'),
    warningsOpenable,
    run,
  };
  const unacknowledged = listed.filter(needsAcknowledge).map((a) => a.alarmId);
  const acknowledgeAll = (alarmIds: string[]) => {
    setConfirmIds(null);
    // Exactly the alarms counted in the question, by id: none that arrived while it was open.
    for (let i = 0; i < alarmIds.length; i += MAX_IDS_PER_COMMAND) run({ action: 'acknowledge', alarmIds: alarmIds.slice(i, i + MAX_IDS_PER_COMMAND) });
  };

  return (
    <section className={`panel alarm-panel${grouped ? ' flood-layout' : ''}`} aria-labelledby="alarm-title">
      <h2 id="alarm-title">
        {t('alarms.title')} <span className="count">{listed.length}</span>
        {flood.inFlood && (
          <span className="flood-indicator" role="status" data-testid="flood-indicator">
            {t('alarmHandling.flood', { count: flood.count })}
          </span>
        )}
        {context.mayAcknowledge && unacknowledged.length > 1 && (
          <button type="button" className="inline-action" data-testid="ack-all" onClick={() => setConfirmIds(unacknowledged)}>
            {t('alarms.acknowledgeAll', { count: unacknowledged.length })}
          </button>
        )}
        {warningsOpenable && <ToDisposeButton />}
      </h2>
      {confirmIds && (
        <div className="confirm-box" role="alertdialog" aria-labelledby="ack-all-title" data-testid="ack-all-confirm">
          <p id="ack-all-title">
            <strong>{t('alarmHandling.confirmAll.title', { count: confirmIds.length })}</strong> {t('alarmHandling.confirmAll.body')}
          </p>
          <button type="button" data-testid="ack-all-yes" onClick={() => acknowledgeAll(confirmIds)}>
            {t('alarmHandling.confirmAll.confirm', { count: confirmIds.length })}
          </button>
          <button type="button" autoFocus onClick={() => setConfirmIds(null)}>
            {t('alarms.cancel')}
          </button>
        </div>
      )}
      <div className="alarm-filters">
        <label>
          {t('alarms.sortBy')}
          <select value={sortKey} onChange={(e) => setSortKey(e.target.value as AlarmSortKey)} data-testid="alarm-sort">
            {ALARM_SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {k === 'standard' ? t('alarmHandling.sort.standard') : t(`alarms.sort.${k}`)}
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
        <label>
          <input type="checkbox" checked={grouped} onChange={(e) => setGroupChoice(e.target.checked)} data-testid="group-toggle" />
          {t('alarmHandling.grouped')}
        </label>
      </div>
      {errors.length > 0 && (
        <p className="form-error" role="alert">
          {errors.join('; ')}
        </p>
      )}
      {listed.length === 0 ? (
        <p className="empty" data-testid="alarm-empty">
          {t('alarms.empty')}
        </p>
      ) : (
        <table className="alarm-table" data-testid="alarm-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c}>{c === 'deadline' ? t('dispatch.countdown.column') : t(`alarms.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          {groups ? (
            groups.map((group) => <IncidentRows key={group.key} group={group} context={context} areaName={(id) => localized(scene?.areas.find((a) => a.id === id)?.name, i18n.language)} />)
          ) : (
            <tbody>
              {rows.map((entry) => (
                <AlarmRowGroup key={entry.alarm.alarmId} entry={entry} context={context} />
              ))}
            </tbody>
          )}
        </table>
      )}
      {removed.length > 0 && (
        <details className="out-of-service" data-testid="out-of-service-section">
          <summary>{t('alarmHandling.outOfService.section', { count: removed.length })}</summary>
          <table className="alarm-table">
            <tbody>
              {removed.map((alarm) => (
                <AlarmRow key={alarm.alarmId} alarm={alarm} context={context} />
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** One incident of the flood layout: a header row (area, count, worst priority), its rows when expanded. People alarms are always open. */
function IncidentRows({ group, context, areaName }: { group: IncidentGroup; context: AlarmRowContext; areaName: (id: string | undefined) => string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(group.kind === 'people');
  const title = group.kind === 'people' ? t('alarmHandling.group.people') : group.areaId ? areaName(group.areaId) : t('alarmHandling.group.plantWide');
  const time = (ms: number) => new Date(ms).toLocaleTimeString(i18n.language, { hour12: false, hour: '2-digit', minute: '2-digit' });
  return (
    <tbody className={`incident incident-${group.kind}`} data-testid={`incident-${group.key}`} data-incident-kind={group.kind}>
      <tr className={`incident-header priority-${group.worstPriority}`}>
        <td colSpan={COLUMNS.length}>
          <button type="button" className="incident-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'} <span className="priority">{PRIORITY_SYMBOL[group.worstPriority]} {t(`alarms.priority.${group.worstPriority}`)}</span> <strong>{title}</strong>{' '}
            <span data-testid="incident-summary">{t('alarmHandling.group.summary', { count: group.count, unacknowledged: group.unacknowledged })}</span>{' '}
            <span className="muted">
              {time(group.firstRaisedAtMs)}–{time(group.lastRaisedAtMs)}
            </span>
          </button>
        </td>
      </tr>
      {open && group.rows.map((entry) => <AlarmRowGroup key={entry.alarm.alarmId} entry={entry} context={context} />)}
    </tbody>
  );
}

/**
 * The EEMUA 191 flood indicator: activations presented in the last 10 minutes, re-read as time passes.
 * A replay counts its own alarms on its own clock, and every change between live and replay starts
 * counting afresh: the live plant's flood must not switch a replayed list to its flood layout, nor a
 * replayed flood the live one. The threshold scales with the operator positions sharing the load.
 */
function useFlood(alarms: ReadonlyMap<string, Alarm>, replayNowMs: number | null, operatorPositions: number): { inFlood: boolean; count: number } {
  const source = `${replayNowMs === null ? 'live' : 'replay'}/${operatorPositions}`;
  const monitor = useRef({ source, flood: new FloodMonitor(operatorPositions) });
  if (monitor.current.source !== source) monitor.current = { source, flood: new FloodMonitor(operatorPositions) };
  const [wallNowMs, setWallNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWallNowMs(Date.now()), FLOOD_RECHECK_MS);
    return () => clearInterval(timer);
  }, []);
  return useMemo(() => {
    const { flood } = monitor.current;
    flood.observe(alarms.values());
    const now = replayNowMs ?? Math.max(wallNowMs, Date.now());
    return { inFlood: flood.inFlood(now), count: flood.count(now) };
  }, [alarms, wallNowMs, replayNowMs, source]);
}
