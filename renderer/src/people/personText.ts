import type { TFunction } from 'i18next';
import { describePosition, landmarksOf, positionWords, roleMay, type Alarm, type ClientScene, type Landmark, type PositionDescription, type Role } from '@contracts';
import { localized } from '../i18n/i18n.js';
import type { Selection } from '../state/uiStore.js';

/**
 * A person in words: the name where the client's scene carries one (the core sends names only to roles
 * with personnel:viewNames, contracts/clientScene.ts), otherwise "Badge BDG-1001" / "工牌 BDG-1001" —
 * never a bare id.
 */
export function personLabel(scene: Pick<ClientScene, 'personnel'> | null, role: Role | null, badgeId: string, t: TFunction): string {
  const name = role !== null && roleMay(role, 'personnel:viewNames') ? scene?.personnel.find((p) => p.badgeId === badgeId)?.displayName : undefined;
  return name ?? t('people.badge', { id: badgeId });
}

/** "罐区 · T-101 东侧 12 米" / "Tank farm · 12 m east of T-101": the area and the nearest landmark, instead of raw coordinates. */
export function positionText(description: PositionDescription, scene: Pick<ClientScene, 'areas'>, language: string, t: TFunction): string {
  return positionWords(description, scene.areas.find((a) => a.id === description.areaId)?.name, {
    name: (text) => localized(text, language),
    outsideAreas: t('people.position.unknownArea'),
    at: (landmark) => t('people.position.at', { landmark }),
    from: (landmark, distance, direction) => t('people.position.from', { landmark, distance, direction: t(`people.direction.${direction}`) }),
  });
}

const landmarksByScene = new WeakMap<ClientScene, Landmark[]>();

/**
 * A plant point in words, as positionText says it (issue 12.2: never raw coordinates), for every place a
 * position is shown: badges, camera alarms, camera events. The scene's landmarks are listed once per
 * scene, since every row of an alarm flood asks.
 */
export function placeText(scene: ClientScene, at: { x: number; y: number }, language: string, t: TFunction): string {
  let landmarks = landmarksByScene.get(scene);
  if (!landmarks) landmarksByScene.set(scene, (landmarks = landmarksOf(scene)));
  return positionText(describePosition(scene, at.x, at.y, landmarks), scene, language, t);
}

/**
 * Where "go to" takes the operator for an alarm: its sensor, camera, badge or area; a permit alarm to the
 * area it was located in (the twin has no permit selection of its own yet).
 */
export function alarmSelection(alarm: Pick<Alarm, 'sourceKind' | 'sourceId' | 'areaId'>): NonNullable<Selection> {
  // A person's record (certificate expiry), an inspection plan, a hidden-danger ticket and a declining indicator have
  // no selection of their own: the area they were located in, if any.
  if (alarm.sourceKind === 'permit' || alarm.sourceKind === 'person' || alarm.sourceKind === 'inspection' || alarm.sourceKind === 'hazard' || alarm.sourceKind === 'indicator') return { kind: 'area', id: alarm.areaId ?? alarm.sourceId };
  return { kind: alarm.sourceKind, id: alarm.sourceId };
}
