import { useTranslation } from 'react-i18next';
import { areaAt, roleMay, type ClientScene, type WorkerPosition } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { localized } from '../i18n/i18n.js';
import { WorkerVisionEvents } from '../cameras/CameraStatus.js';
import { LinkedAlarms } from '../people/LinkedAlarms.js';
import { personLabel, placeText } from '../people/personText.js';
import { select } from '../state/uiStore.js';

/** Positions older than this are not counted as present (badge left the site or its battery died). */
const PRESENT_WITHIN_MS = 30_000;

const areaOf = (scene: ClientScene, position: WorkerPosition): string | undefined => areaAt(scene, position.x, position.y) ?? undefined;

/** Head count per area (人数统计), from the latest badge positions. */
export function HeadCount({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const counts = useLiveSnapshot(
    (live) => {
      const byArea = new Map<string, number>();
      let onSite = 0;
      const now = Date.now();
      for (const position of live.workers.values()) {
        if (now - position.tsMs > PRESENT_WITHIN_MS) continue;
        onSite++;
        const area = areaOf(scene, position);
        if (area) byArea.set(area, (byArea.get(area) ?? 0) + 1);
      }
      return { onSite, byArea: [...byArea.entries()].sort((a, b) => b[1] - a[1]) };
    },
    (c) => `${c.onSite}|${c.byArea.map(([a, n]) => `${a}:${n}`).join(',')}`,
    2_000,
  );
  return (
    <section aria-labelledby="headcount-title" data-testid="head-count">
      <h3 id="headcount-title">{t('workers.headCount', { count: counts.onSite })}</h3>
      <ul className="head-count">
        {counts.byArea.map(([areaId, n]) => (
          <li key={areaId}>
            <button type="button" className="link" onClick={() => select({ kind: 'area', id: areaId }, true)}>
              {localized(scene.areas.find((a) => a.id === areaId)?.name, i18n.language)}
            </button>
            <span className="count">{n}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A badge's details; the person's name only for roles allowed to see names (privacy). */
export function WorkerDetails({ scene, badgeId }: { scene: ClientScene; badgeId: string }) {
  const { t, i18n } = useTranslation();
  const user = useCoreState((s) => s.user);
  const alarms = useCoreState((s) => s.alarms);
  const person = scene.personnel.find((p) => p.badgeId === badgeId);
  const position = useLiveSnapshot(
    (live) => live.workers.get(badgeId) ?? null,
    (p) => (p ? `${p.x.toFixed(0)},${p.y.toFixed(0)},${p.tsMs}` : ''),
  );
  const mayViewNames = user !== null && roleMay(user.role, 'personnel:viewNames');
  const active = [...alarms.values()].filter((a) => a.sourceKind === 'worker' && a.sourceId === badgeId && a.active);
  return (
    <>
      <h3 data-testid="info-title">{mayViewNames && person?.displayName ? `${person.displayName} (${badgeId})` : personLabel(scene, user?.role ?? null, badgeId, t)}</h3>
      <dl>
        <dt>{t('workers.role')}</dt>
        <dd>{person ? t(`workers.roles.${person.role}`) : '—'}</dd>
        {mayViewNames && person?.company && (
          <>
            <dt>{t('workers.company')}</dt>
            <dd>{person.company}</dd>
          </>
        )}
        <dt>{t('info.position')}</dt>
        <dd data-testid="worker-position">{position ? placeText(scene, position, i18n.language, t) : t('people.position.unknown')}</dd>
        <dt>{t('info.updated')}</dt>
        <dd>{position ? new Date(position.tsMs).toLocaleTimeString(i18n.language, { hour12: false }) : '—'}</dd>
      </dl>
      {active.map((a) => (
        <p key={a.alarmId} className={`worker-alarm priority-${a.priority}`}>
          {t(`alarms.condition.${a.condition}`)}
          <LinkedAlarms alarm={a} />
        </p>
      ))}
      <WorkerVisionEvents badgeId={badgeId} />
    </>
  );
}

/** An area's details: its name, kind, the people in it now (each flies to the person) and its active alarms. */
export function AreaDetails({ scene, areaId }: { scene: ClientScene; areaId: string }) {
  const { t, i18n } = useTranslation();
  const user = useCoreState((s) => s.user);
  const area = scene.areas.find((a) => a.id === areaId);
  const inside = useLiveSnapshot(
    (live) => {
      const now = Date.now();
      return [...live.workers.values()].filter((p) => now - p.tsMs <= PRESENT_WITHIN_MS && areaOf(scene, p) === areaId).map((p) => p.badgeId).sort();
    },
    (ids) => ids.join(','),
    2_000,
  );
  if (!area) return null;
  return (
    <>
      <h3 data-testid="info-title">{localized(area.name, i18n.language)}</h3>
      <p className="muted">{t('people.areaTitle')}</p>
      <h4>{t('workers.headCount', { count: inside.length })}</h4>
      <ul className="instrument-list" data-testid="area-people">
        {inside.map((badgeId) => (
          <li key={badgeId}>
            <button type="button" onClick={() => select({ kind: 'worker', id: badgeId }, true)}>
              {personLabel(scene, user?.role ?? null, badgeId, t)}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
