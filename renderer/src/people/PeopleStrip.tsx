import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAnnunciationHidden, isPeopleAlarm, type Alarm } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { compareForAttention, keepHeldOrder, needsAcknowledge } from '../panels/alarmOrdering.js';
import { useHoldWhileEngaged } from '../panels/useHoldWhileEngaged.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import { select } from '../state/uiStore.js';
import { LinkedAlarms, linksOf } from './LinkedAlarms.js';
import { alarmSelection, personLabel, placeText } from './personText.js';
import { formatAgo } from './relativeTime.js';
import './people.css';

/** Entries shown before "+N more" (which shows them all): one row of a desk screen; all are also in the alarm list's pinned people group. */
const MAX_ENTRIES = 6;
const TICK_MS = 1000;

/**
 * The people strip: every alarm about a person (man-down, restricted entry, gathering, any badge alarm),
 * always in view under the banner and outside the scrolling alarm list, so that no gas flood can bury it
 * (issue 12). Each entry says who (name, or badge for roles without names), what, where (area and
 * nearest landmark) and how long ago; a click flies to the person. A camera alarm of the same event is
 * shown as linked, and flies to the camera.
 */
export function PeopleStrip() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const alarms = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const user = useCoreState((s) => s.user);
  const live = useCoreClient().live;
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const entries = useMemo(() => {
    const shown = [...alarms.values()].filter((a) => isPeopleAlarm(a) && !isAnnunciationHidden(a) && (a.active || needsAcknowledge(a)));
    // A camera alarm of the same event as a badge alarm is one entry: the person's, marked linked to the camera.
    const links = linksOf(alarms);
    const shownIds = new Set(shown.map((a) => a.alarmId));
    return shown.filter((a) => a.sourceKind !== 'camera' || !(links.get(a.alarmId) ?? []).some((id) => shownIds.has(id))).sort(compareForAttention);
  }, [alarms]);
  // While the pointer is over the strip (or keyboard focus inside it) the entries keep their places: a
  // man-down raised meanwhile joins at the end instead of pushing the one about to be clicked aside.
  const order = useMemo(() => (entries.length > 0 ? entries.map((a) => a.alarmId) : null), [entries]);
  const hold = useHoldWhileEngaged<HTMLElement, string[]>(order);
  const shown = useMemo(() => (hold.held ? keepHeldOrder(entries, hold.held) : entries), [entries, hold.held]);
  const [expanded, setExpanded] = useState(false);
  const role = user?.role ?? null;

  const where = (alarm: Alarm): string => {
    if (!scene) return '';
    const position = alarm.sourceKind === 'worker' ? live.workers.get(alarm.sourceId) : undefined;
    const at = position ?? alarm.location;
    if (at) return placeText(scene, at, language, t);
    return localized(scene.areas.find((a) => a.id === (alarm.areaId ?? (alarm.sourceKind === 'area' ? alarm.sourceId : undefined)))?.name, language) || t('people.position.unknown');
  };
  const who = (alarm: Alarm): string => {
    if (alarm.sourceKind === 'worker') return personLabel(scene, role, alarm.sourceId, t);
    if (alarm.sourceKind === 'area') return localized(scene?.areas.find((a) => a.id === alarm.sourceId)?.name, language);
    // A camera saw someone no badge accounts for.
    return t('people.strip.unidentified', { camera: localized(scene?.cameras.find((c) => c.id === alarm.sourceId)?.name, language) || alarm.sourceId });
  };

  return (
    <section ref={hold.ref} onFocus={hold.onFocus} onBlur={hold.onBlur} className="people-strip" aria-label={t('people.strip.label')} data-testid="people-strip" data-count={entries.length}>
      <h2 className="people-strip-title">{t('people.strip.title')}</h2>
      {entries.length === 0 && <span className="people-strip-none">{t('people.strip.none')}</span>}
      <ul>
        {(expanded ? shown : shown.slice(0, MAX_ENTRIES)).map((alarm) => {
          const name = who(alarm);
          return (
            <li key={alarm.alarmId} className={`people-entry priority-${alarm.priority}${needsAcknowledge(alarm) ? ' unacknowledged' : ''}`} data-alarm-id={alarm.alarmId} data-testid="people-entry">
              <button type="button" className="people-entry-main" onClick={() => select(alarmSelection(alarm), true)} title={t('people.strip.locate', { who: name })} aria-label={t('people.strip.locate', { who: name })}>
                <span className="people-priority" aria-hidden="true">
                  {PRIORITY_SYMBOL[alarm.priority]}
                </span>
                <span className="people-who" data-testid="people-who">
                  {name}
                </span>
                <span className="people-what">{t(`alarms.condition.${alarm.condition}`)}</span>
                <span className="people-where" data-testid="people-where">
                  {where(alarm)}
                </span>
                <span className="people-ago">{formatAgo(nowMs - alarm.raisedAtMs, language)}</span>
              </button>
              <LinkedAlarms alarm={alarm} />
            </li>
          );
        })}
      </ul>
      {entries.length > MAX_ENTRIES && (
        <button type="button" className="people-more" data-testid="people-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('people.strip.fewer') : t('people.strip.more', { count: entries.length - MAX_ENTRIES })}
        </button>
      )}
    </section>
  );
}
