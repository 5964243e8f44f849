import { useTranslation } from 'react-i18next';
import { isPointInPolygon, roleMay, type ClientScene, type WorkerPosition } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useLiveSnapshot } from '../connection/useLiveSnapshot.js';
import { localized } from '../i18n/i18n.js';
import { WorkerVisionEvents } from '../cameras/CameraStatus.js';

/** Positions older than this are not counted as present (badge left the site or its battery died). */
const PRESENT_WITHIN_MS = 30_000;

function areaOf(scene: ClientScene, position: WorkerPosition): string | undefined {
  // Smaller zones first: a restricted yard inside the tank farm is where the person is.
  const areas = [...scene.areas].sort((a, b) => polygonSpan(a.polygon) - polygonSpan(b.polygon));
  return areas.find((a) => isPointInPolygon([position.x, position.y], a.polygon))?.id;
}
const polygonSpan = (p: [number, number][]) => Math.max(...p.map(([x]) => x)) - Math.min(...p.map(([x]) => x)) + Math.max(...p.map(([, y]) => y)) - Math.min(...p.map(([, y]) => y));

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
            <span>{localized(scene.areas.find((a) => a.id === areaId)?.name, i18n.language)}</span>
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
  const area = position ? areaOf(scene, position) : undefined;
  const active = [...alarms.values()].filter((a) => a.sourceKind === 'worker' && a.sourceId === badgeId && a.active);
  return (
    <>
      <h3 data-testid="info-title">{mayViewNames && person?.displayName ? `${person.displayName} (${badgeId})` : badgeId}</h3>
      <dl>
        <dt>{t('workers.role')}</dt>
        <dd>{person ? t(`workers.roles.${person.role}`) : '—'}</dd>
        {mayViewNames && person?.company && (
          <>
            <dt>{t('workers.company')}</dt>
            <dd>{person.company}</dd>
          </>
        )}
        <dt>{t('info.area')}</dt>
        <dd>{area ? localized(scene.areas.find((a) => a.id === area)?.name, i18n.language) : '—'}</dd>
        <dt>{t('info.position')}</dt>
        <dd>{position ? `${position.x.toFixed(1)}, ${position.y.toFixed(1)} m` : '—'}</dd>
        <dt>{t('info.updated')}</dt>
        <dd>{position ? new Date(position.tsMs).toLocaleTimeString(i18n.language, { hour12: false }) : '—'}</dd>
      </dl>
      {active.map((a) => (
        <p key={a.alarmId} className={`worker-alarm priority-${a.priority}`}>
          {t(`alarms.condition.${a.condition}`, { defaultValue: a.condition })}
        </p>
      ))}
      <WorkerVisionEvents badgeId={badgeId} />
    </>
  );
}
