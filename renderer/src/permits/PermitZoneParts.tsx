import { useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { comparePriority, type Alarm, type ClientScene, type Permit, type PermitRecordView, type PermitType } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import type { CoreClient } from '../connection/CoreClient.js';
import { CameraTile } from '../panels/CameraTile.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import { createStore, useStore } from '../state/createStore.js';
import { select } from '../state/uiStore.js';
import { permitFeedStore } from './permitFeed.js';
import { PERMIT_SYMBOLS } from './permitSymbols.js';
import { countdownText, permitGradeText, permitTypeText, suspensionText } from './permitText.js';
import { coveringCameras, nextLookChangeMs, permitAlarmPriorities, zoneOutline, zonePermits, type ZoneLook } from './permitZones.js';
import { useNowMs } from '../state/useNowMs.js';
import './permitZones.css';

/** A permit's zone as the twin and the site map draw it. */
export type DrawnZone = { record: PermitRecordView; look: ZoneLook; outline: ReturnType<typeof zoneOutline> };

/** The permit whose covering cameras are shown (a click on its zone or tag), on either view. */
export const permitZoneUi = createStore<{ opened: string | null }>({ opened: null });
export const openPermitZone = (number: string | null) => permitZoneUi.set({ opened: number });

/** The permit's symbol as inline SVG in the text colour (PERMIT_SYMBOLS). */
export function PermitSymbolIcon({ type, className = 'permit-symbol' }: { type: PermitType; className?: string }) {
  const symbol = PERMIT_SYMBOLS[type];
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" data-permit-symbol={type}>
      {symbol.fill && <path d={symbol.fill} fill="currentColor" />}
      {symbol.stroke && <path d={symbol.stroke} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" />}
    </svg>
  );
}

/** "动火作业票 HZ-0042" / "Hot work permit HZ-0042": as the alarm list names a permit alarm's source. */
export const permitTitle = (permit: Permit, t: TFunction) => `${t('permitAlarms.source', { type: permitTypeText(permit.type, t) })} ${permit.number}`;

/** Grade (where the type has one) and state, in words: "一级 · 作业中". */
export function gradeAndState(permit: Permit, t: TFunction): string {
  const graded = permit.type === 'hotWork' || permit.type === 'workAtHeight' || permit.type === 'lifting';
  return [graded ? permitGradeText(permit, t) : null, t(`permits.state.${permit.state}`)].filter(Boolean).join(' · ');
}

/** The window's countdown, re-rendered alone each second (its tag and the 3D view do not re-render). */
function PermitCountdown({ window }: { window: Permit['window'] }) {
  const { t } = useTranslation();
  const nowMs = useNowMs();
  return <span className="permit-zone-countdown">{countdownText(window, nowMs, t)}</span>;
}

/** What the zone's tag says: symbol, type and number, grade and state, countdown, and why it is abnormal. */
export function PermitZoneTagContent({ zone }: { zone: DrawnZone }) {
  const { t } = useTranslation();
  const { permit } = zone.record;
  const { abnormal, priority } = zone.look;
  const title = permitTitle(permit, t);
  return (
    <button
      type="button"
      className="permit-zone-button"
      style={{ ['--zone-colour' as string]: zone.look.colour }}
      onClick={() => openPermitZone(permit.number)} aria-label={t('permitMap.openCameras', { permit: title })} data-testid={`permit-zone-tag-${permit.number}`}>
      <span className="permit-zone-head">
        <PermitSymbolIcon type={permit.type} />
        <span className="permit-zone-title">{title}</span>
      </span>
      <span className="permit-zone-line">
        {gradeAndState(permit, t)} · <PermitCountdown window={permit.window} />
      </span>
      {abnormal && priority && (
        <span className={`permit-zone-abnormal priority-${priority}`} data-testid="permit-zone-abnormal">
          {PRIORITY_SYMBOL[priority]} {t(`permitMap.abnormal.${abnormal}`)}
        </span>
      )}
    </button>
  );
}

/** The zones to draw now, from the permit feed, the alarms and the clock (a replayed screen shows the past: no live permits). */
export function currentZones(client: CoreClient, nowMs: number): DrawnZone[] {
  const state = client.store.get();
  if (state.player.mode === 'replay') return [];
  return zonePermits(permitFeedStore.get().permits.values(), permitAlarmPriorities(state.alarms.values()), nowMs).map((z) => ({ ...z, outline: zoneOutline(z.record.permit.location) }));
}
/** setTimeout's longest delay (2³¹ − 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The zones' identity and looks: a new array only when one of them changes (not each second). */
const zonesKey = (zones: DrawnZone[]) => zones.map((z) => `${z.record.permit.number}:${z.record.revision}:${z.look.abnormal}:${z.look.priority}:${z.look.colour}`).join('|');
/**
 * The permit zones a view draws, as React state that changes only when a permit, its alarms or its look
 * changes: the feed and the alarm list push, and one timer fires when the clock next changes a look (a
 * window entering its last half hour or ending, nextLookChangeMs), never a poll.
 */
export function usePermitZones(): DrawnZone[] {
  const client = useCoreClient();
  const { subscribe, snapshot } = useMemo(() => {
    let last: { key: string; zones: DrawnZone[] } = { key: '', zones: [] };
    return {
      subscribe: (listener: () => void) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          clearTimeout(timer);
          const nowMs = Date.now();
          const nextMs = nextLookChangeMs(permitFeedStore.get().permits.values(), nowMs);
          // 1 ms past the instant (the wall clock and the timer's may differ by a little); a timer beyond 24.8 days
          // overflows, so a longer wait is re-armed then instead.
          if (nextMs !== null) timer = setTimeout(onClock, Math.min(nextMs - nowMs + 1, MAX_TIMER_MS));
        };
        const onClock = () => {
          listener();
          arm();
        };
        const offs = [permitFeedStore.subscribe(onClock), client.store.subscribe(listener)];
        arm();
        return () => {
          offs.forEach((off) => off());
          clearTimeout(timer);
        };
      },
      snapshot: () => {
        const zones = currentZones(client, Date.now());
        const key = zonesKey(zones);
        if (key !== last.key) last = { key, zones };
        return last.zones;
      },
    };
  }, [client]);
  return useSyncExternalStore(subscribe, snapshot);
}

/** Active permit alarms of one permit, most urgent first, as their conditions in words. */
function permitAlarmWords(alarms: Iterable<Alarm>, number: string, t: TFunction) {
  return [...alarms]
    .filter((a) => a.sourceKind === 'permit' && a.sourceId === number && a.active)
    .sort((a, b) => comparePriority(a.priority, b.priority))
    .map((a) => ({ id: a.alarmId, priority: a.priority, text: t(`alarms.condition.${a.condition}`) }));
}

/**
 * The opened permit's covering cameras (issue 17: "its covering cameras are one click away"): a click on
 * a zone or its tag opens this card with the permit's summary, its active alarms and a live tile of each
 * camera that sees the zone (coveringCameras); a click on a tile opens that camera (details, fly-to).
 */
export function PermitCamerasCard({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const opened = useStore(permitZoneUi, (s) => s.opened);
  const record = useStore(permitFeedStore, (s) => (opened ? s.permits.get(opened) : undefined));
  const alarms = useCoreState((s) => s.alarms);
  const location = record?.permit.location;
  const cameras = useMemo(() => (location ? coveringCameras(scene.cameras, location) : []), [scene, location]);
  if (!record) return null;
  const { permit } = record;
  const active = permitAlarmWords(alarms.values(), permit.number, t);
  const suspended = suspensionText(permit, t);
  return (
    <aside className="panel permit-cameras" aria-label={permitTitle(permit, t)} data-testid="permit-cameras" data-permit-number={permit.number}>
      <header>
        <PermitSymbolIcon type={permit.type} />
        <h3>{permitTitle(permit, t)}</h3>
        <button type="button" onClick={() => openPermitZone(null)} data-testid="permit-cameras-close">
          {t('permitMap.close')}
        </button>
      </header>
      <p className="permit-cameras-line">
        {gradeAndState(permit, t)} · <PermitCountdown window={permit.window} />
      </p>
      {suspended && <p className="permit-cameras-line permit-zone-abnormal priority-high">{suspended}</p>}
      {active.length > 0 && (
        <ul className="permit-cameras-alarms" aria-label={t('permitMap.alarms')}>
          {active.map((a) => (
            <li key={a.id} className={`permit-zone-abnormal priority-${a.priority}`}>
              {PRIORITY_SYMBOL[a.priority]} {a.text}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('permitMap.cameras')}</h4>
      {cameras.length === 0 ? (
        <p className="permit-cameras-line" data-testid="permit-cameras-none">
          {t('permitMap.noCameras')}
        </p>
      ) : (
        <div className="permit-cameras-grid">
          {cameras.map((camera) => (
            <CameraTile key={camera.id} camera={camera} compact onOpen={() => select({ kind: 'camera', id: camera.id }, true)} />
          ))}
        </div>
      )}
    </aside>
  );
}
