import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alarm, AlarmCommand } from '@contracts';
import { AlarmEvidence } from '../cameras/AlarmEvidence.js';
import { select } from '../state/uiStore.js';
import { alarmSelection } from '../people/personText.js';
import { LinkedAlarms } from '../people/LinkedAlarms.js';
import type { AlarmRowEntry } from './alarmIncidents.js';
import { needsAcknowledge } from './alarmOrdering.js';
import { alarmValueText, type AlarmSourceText } from './alarmSource.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import { RemoveFromServiceForm, ShelveForm } from './ShelveForm.js';
import { actorName } from '../i18n/coreWords.js';
import { useCoreState } from '../connection/CoreClientContext.js';
import { ReportHazardButton } from '../hazards/ReportHazard.js';
import { alarmReportPrefill } from '../hazards/reportPrefill.js';
import { WarningCountdown } from '../dispatch/WarningCountdown.js';

/** What a row needs from its list: names, units, the user's permissions and the command channel. */
export type AlarmRowContext = {
  sourceOf: (alarm: Alarm) => AlarmSourceText;
  sensorUnitOf: (alarm: Alarm) => string | undefined;
  mayAcknowledge: boolean;
  mayShelve: boolean;
  mayRemoveFromService: boolean;
  /** The screen has the warnings tab: a countdown opens its warning there. */
  warningsOpenable: boolean;
  run: (command: AlarmCommand) => void;
};

const clock = (ms: number, language: string) => new Date(ms).toLocaleTimeString(language, { hour12: false });

/** An alarm row, with the alarms it supersedes (its detector's lower alarms) folded under it. */
export function AlarmRowGroup({ entry, context }: { entry: AlarmRowEntry; context: AlarmRowContext }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { alarm, superseded } = entry;
  return (
    <>
      <AlarmRow alarm={alarm} context={context}>
        {superseded.length > 0 && (
          <button type="button" className="nested-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`nested-toggle-${alarm.alarmId}`}>
            {open ? '▾' : '▸'} {t('alarmHandling.superseded.toggle', { count: superseded.length })}
          </button>
        )}
      </AlarmRow>
      {open && superseded.map((lower) => <AlarmRow key={lower.alarmId} alarm={lower} context={context} nestedUnder={alarm} />)}
    </>
  );
}

export function AlarmRow({ alarm, context, nestedUnder, children }: { alarm: Alarm; context: AlarmRowContext; nestedUnder?: Alarm; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<'shelve' | 'remove' | null>(null);
  const source = context.sourceOf(alarm);
  const condition = t(`alarms.condition.${alarm.condition}`);
  const shelved = alarm.state === 'shelved';
  const scene = useCoreState((s) => s.scene);
  return (
    <tr
      className={`alarm-row priority-${alarm.priority} state-${alarm.state}${nestedUnder ? ' nested-row' : ''}`}
      data-alarm-id={alarm.alarmId}
      data-state={alarm.state}
      data-nested-under={nestedUnder?.alarmId}
    >
      <td>{clock(alarm.raisedAtMs, i18n.language)}</td>
      <td className="priority">
        {PRIORITY_SYMBOL[alarm.priority]} {t(`alarms.priority.${alarm.priority}`)}
      </td>
      <td className="source">
        {source.tag !== null && (
          <button type="button" className="link tag" onClick={() => select(alarmSelection(alarm), true)} title={t('alarms.goTo')}>
            {source.tag}
          </button>
        )}
        {source.tag === null && (
          // An area alarm has no tag: its name flies to the area.
          <button type="button" className="link" onClick={() => select(alarmSelection(alarm), true)} title={t('alarms.goTo')} data-testid="go-to-area">
            {t('alarms.goTo')}
          </button>
        )}
        <span className="source-description" data-testid="source-description">
          {source.description}
        </span>
        {source.area && source.area !== source.description && (
          <span className="source-area" data-testid="source-area">
            {source.area}
          </span>
        )}
        {alarm.firstOut && <span className="first-out">{t('alarms.firstOut')}</span>}
        <LinkedAlarms alarm={alarm} />
      </td>
      <td className="condition">
        <span className={nestedUnder ? 'nested-mark' : undefined}>{condition}</span>
      </td>
      <td className="value">
        {alarmValueText(alarm, context.sensorUnitOf(alarm), t)}
        <AlarmEvidence alarm={alarm} />
      </td>
      <td className="state-cell">
        <span className="state-word">{nestedUnder ? t('alarmHandling.superseded.by', { condition: t(`alarms.condition.${nestedUnder.condition}`) }) : t(`alarms.state.${alarm.state}`)}</span>
        {shelved && alarm.shelvedUntilMs !== undefined && (
          <span className="record-note" data-testid="shelve-info">
            {t('alarmHandling.shelvedBy', { user: actorName(alarm.shelvedBy ?? '', t), time: clock(alarm.shelvedUntilMs, i18n.language) })} · {alarm.shelveReason}
          </span>
        )}
        {alarm.outOfService && (
          <span className="record-note" data-testid="out-of-service-info">
            {t('alarmHandling.outOfService.by', { user: actorName(alarm.outOfServiceBy ?? '', t) })} · {alarm.outOfServiceReason}
          </span>
        )}
      </td>
      <td className="deadline-cell">{!nestedUnder && <WarningCountdown alarm={alarm} openable={context.warningsOpenable} />}</td>
      <td className="actions">
        {children}
        {context.mayAcknowledge && needsAcknowledge(alarm) && (
          <button type="button" data-testid={`ack-${alarm.alarmId}`} onClick={() => context.run({ action: 'acknowledge', alarmIds: [alarm.alarmId] })}>
            {t('alarms.acknowledge')}
          </button>
        )}
        {context.mayShelve && !nestedUnder && !shelved && !alarm.outOfService && (
          <button type="button" onClick={() => setForm('shelve')}>
            {t('alarms.shelve')}
          </button>
        )}
        {context.mayShelve && shelved && (
          <button type="button" onClick={() => context.run({ action: 'unshelve', alarmId: alarm.alarmId })}>
            {t('alarms.unshelve')}
          </button>
        )}
        {context.mayRemoveFromService && !nestedUnder && !alarm.outOfService && (
          <button type="button" data-testid={`remove-${alarm.alarmId}`} onClick={() => setForm('remove')}>
            {t('alarmHandling.outOfService.remove')}
          </button>
        )}
        {context.mayRemoveFromService && alarm.outOfService && (
          <button type="button" data-testid={`return-${alarm.alarmId}`} onClick={() => setForm('remove')}>
            {t('alarmHandling.outOfService.return')}
          </button>
        )}
        {scene && !nestedUnder && <ReportHazardButton prefill={() => alarmReportPrefill(alarm, scene, t)} testId={`report-hazard-${alarm.alarmId}`} short />}
        {form === 'shelve' && (
          <ShelveForm
            onCancel={() => setForm(null)}
            onSubmit={(reason, durationMin) => {
              setForm(null);
              context.run({ action: 'shelve', alarmId: alarm.alarmId, reason, durationMin });
            }}
          />
        )}
        {form === 'remove' && (
          <RemoveFromServiceForm
            tag={source.tag ?? source.description}
            returning={alarm.outOfService}
            onCancel={() => setForm(null)}
            onSubmit={(reason) => {
              setForm(null);
              // A detector in maintenance: every alarm of its source together (ISA-18.2 out of service).
              context.run({ action: alarm.outOfService ? 'returnToService' : 'removeFromService', target: alarm.sourceId, reason });
            }}
          />
        )}
      </td>
    </tr>
  );
}
